// A JSON value, as the reports of every command print them (bigints as decimal strings).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
