// Inputs that make a naive URL scanner slow: a minified bundle line and adversarial lines (tests and bench).

/** A minified-bundle line: many "://" in strings, templates, placeholders, nested defaults, unmatched braces. */
export function bundle(bytes: number): string {
  const parts = [
    'var a="https://api.example.com/v1/"+e+"/x";', 'fetch(`https://cdn.example.com/${p}/a.js`);', 'x={a:1,b:[2,3]};',
    'u="http://{h}:{p}/"+q;', 'l=location.protocol+"//"+h;', 'd="${X:-http://${Y:-http://a:1}}";', 'y="http://a/b{c";',
    'z="wss://$HOST/http://$HOST/http://$HOST/";', 'm(http://a.example/(x)[y]);', 'f(%s://x);',
  ];
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += parts[i % parts.length];
  return s;
}
/** Adversarial lines that would be quadratic for a naive scanner. */
export const adversarial: ((n: number) => string)[] = [
  (n: number) => 'http://{x}'.repeat(n / 10), // each candidate's host is unknown, and its path runs to the end of the line
  (n: number) => 'http://a/{x}'.repeat(n / 12), // each URL is cut at a placeholder, the rest of the line is URL characters
  (n: number) => `http://a/${'{'.repeat(n)}`, // many unmatched braces
  (n: number) => '${X:-http://'.repeat(n / 12), // deep unmatched nesting
  (n: number) => `${'${X:-http://'.repeat(n / 24)}${'}'.repeat(n / 24)}`, // deep matched nesting
  (n: number) => 'http://a:$(x'.repeat(n / 12),
  (n: number) => 'http://a%(x'.repeat(n / 11), // printf names without a closing parenthesis
  (n: number) => 'http://:?.'.repeat(n / 10), // bad authorities ending in a strippable "?"
  (n: number) => `xmlns="${'http://a/ '.repeat(n / 10)}`,
];

