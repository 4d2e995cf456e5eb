import { readFileSync } from 'node:fs';
import ts from 'typescript';
const READ = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const t = node.getText().trim();
      if (/\p{L}/u.test(t)) found.push(t);
    }
    if (ts.isJsxAttribute(node) && READ.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) found.push(node.name.getText() + '=' + node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.length) console.log(found.length, file, process.env.SHOW ? JSON.stringify(found) : '');
}
