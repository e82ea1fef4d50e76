'use strict';
// Parses Bicep files with the tree-sitter-bicep grammar (WebAssembly build, through web-tree-sitter)
// and prints one JSON document: for each file, every syntax error (an ERROR or MISSING node, with its
// 1-based line and column) and the file's top-level declarations with their values as plain JSON,
// so that tests can compare what infra/ declares with what the code expects.
//
// Usage: node parse-bicep.js <file.bicep>...   (exit status 0 even when files have errors: the caller
// decides; 2 when the parser itself cannot run)
//
// A value becomes: an object literal -> JSON object; an array literal -> JSON array; a string without
// interpolation -> JSON string; a number, boolean or null -> itself; anything else (an expression, an
// interpolated string) -> {"$expr": "<its source text>"}. A resource or module declared with `if (...)`
// keeps its condition's text in "condition", one declared with a `for` loop its loop head in "loop";
// either way "value" is the body. A parameter's "value" is its default, absent when it has none.

const fs = require('fs');
const path = require('path');
const { Parser, Language } = require('web-tree-sitter');

const DECLARATIONS = {
  parameter_declaration: 'param',
  variable_declaration: 'var',
  resource_declaration: 'resource',
  module_declaration: 'module',
  output_declaration: 'output',
};

function errorsOf(node, found) {
  if (node.type === 'ERROR' || node.isMissing) {
    found.push({
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      kind: node.isMissing ? 'MISSING ' + node.type : 'ERROR',
      text: node.text.split('\n')[0].slice(0, 80),
    });
    if (node.isMissing) {
      return found;
    }
  }
  for (const child of node.children) {
    if (child.hasError || child.isMissing || child.type === 'ERROR') {
      errorsOf(child, found);
    }
  }
  return found;
}

function stringValue(node) {
  let text = '';
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') {
      text += child.text;
    } else if (child.type === 'escape_sequence') {
      text += unescape(child.text);
    } else {
      return undefined; // interpolation: not a constant
    }
  }
  return text;
}

function unescape(sequence) {
  const simple = { "\\'": "'", '\\\\': '\\', '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\$': '$' };
  if (sequence in simple) {
    return simple[sequence];
  }
  const unicode = /^\\u\{([0-9A-Fa-f]+)\}$/.exec(sequence);
  return unicode ? String.fromCodePoint(parseInt(unicode[1], 16)) : sequence;
}

function valueOf(node) {
  switch (node.type) {
    case 'object': {
      const object = {};
      for (const property of node.namedChildren) {
        if (property.type !== 'object_property') {
          continue; // comments, decorators
        }
        const [key, value] = property.namedChildren.filter((c) => c.type !== 'comment');
        const name = key.type === 'string' ? stringValue(key) : key.text;
        object[name] = valueOf(value);
      }
      return object;
    }
    case 'array':
      return node.namedChildren.filter((c) => c.type !== 'comment').map(valueOf);
    case 'string': {
      const text = stringValue(node);
      return text === undefined ? { $expr: node.text } : text;
    }
    case 'multiline_string':
      return node.text.replace(/^'''\r?\n?/, '').replace(/'''$/, '');
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'unary_expression':
      if (node.text.startsWith('-') && node.namedChildren.length === 1 && node.namedChildren[0].type === 'number') {
        return -Number(node.namedChildren[0].text);
      }
      return { $expr: node.text };
    default:
      return { $expr: node.text };
  }
}

function declarationsOf(root) {
  const declarations = [];
  for (const node of root.namedChildren) {
    const kind = DECLARATIONS[node.type];
    if (!kind) {
      continue;
    }
    const children = node.namedChildren.filter((c) => c.type !== 'comment');
    const declaration = { kind, name: children[0].text, line: node.startPosition.row + 1 };
    if (kind === 'resource' || kind === 'module') {
      const type = children.find((c) => c.type === 'string');
      declaration.type = type ? stringValue(type) : undefined;
    }
    let body = children[children.length - 1];
    if (kind === 'param' && (children.length < 3 || body.type === 'type')) {
      body = undefined; // no default value
    }
    if (body && body.type === 'if_statement') {
      declaration.condition = body.namedChildren[0].text;
      body = body.namedChildren[body.namedChildren.length - 1];
    } else if (body && body.type === 'for_statement') {
      declaration.loop = body.text.slice(0, body.text.indexOf(':') + 1);
      body = body.childForFieldName('body');
    }
    if (body) {
      declaration.value = valueOf(body);
    }
    declarations.push(declaration);
  }
  return declarations;
}

async function main(files) {
  await Parser.init();
  const language = await Language.load(path.join(path.dirname(require.resolve('tree-sitter-bicep/package.json')),
    'tree-sitter-bicep.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const results = files.map((file) => {
    const tree = parser.parse(fs.readFileSync(file, 'utf8'));
    const result = { file, errors: errorsOf(tree.rootNode, []), declarations: declarationsOf(tree.rootNode) };
    tree.delete();
    return result;
  });
  process.stdout.write(JSON.stringify(results));
}

main(process.argv.slice(2)).catch((failure) => {
  process.stderr.write(String(failure && failure.stack ? failure.stack : failure) + '\n');
  process.exit(2);
});
