// The one way the report writes markup: htm templates over preact's h() (htm/preact), rendered
// to a string by preact-render-to-string, which escapes every interpolated value (traces are
// user input).

import { render } from 'preact-render-to-string';
import { html } from 'htm/preact';

export { html };
export type Markup = ReturnType<typeof html>;

export function toMarkup(node: Markup): string {
  return render(node);
}
