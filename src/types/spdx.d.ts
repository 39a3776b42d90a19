// Minimal typings for the SPDX helper packages (they ship none).
declare module 'spdx-expression-parse' {
  type Node = { license: string; plus?: boolean; exception?: string } | { conjunction: 'and' | 'or'; left: Node; right: Node };
  function parse(expression: string): Node;
  export default parse;
}
declare module 'spdx-correct' {
  function correct(identifier: string, options?: { upgrade?: boolean }): string | null;
  export default correct;
}
