/** Return paths that must never leave the site: backslashes, double slashes, schemes, control characters, and their encodings. */
export const HOSTILE_RETURN_PATHS = [
  '/\\x', '//x', '/%5Cx', '/%5cx', '%2F%2Fx', '/%2Fx', '/%252Fx', '/%255Cx', 'https://x', 'https:x', 'javascript:alert(1)',
  'JavaScript:alert(1)', '%6A%61vascript:alert(1)', '/\t/x', '/\n/x', '\\\\x', '\\/x', '///x', ' //x', '//evil.example/x',
  '/\\evil.example/', 'x', '',
];
