// Reads MCP client configurations as JSON with comments and trailing commas, as Claude Desktop and VS Code
// accept them, and edits them in place so comments, indentation and key order survive.
import { applyEdits, modify, parseTree, printParseErrorCode, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser';

export interface JsoncPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  column: number;
}

export class JsoncSyntaxError extends Error {
  readonly code = 'LOOKOUT_WRAP_SYNTAX';
  readonly position: JsoncPosition;

  constructor(message: string, position: JsoncPosition) {
    super(`line ${position.line}, column ${position.column}: ${message}`);
    this.name = 'JsoncSyntaxError';
    this.position = position;
  }
}

/** Parses the text into a syntax tree; throws `JsoncSyntaxError` at the first error. */
export function parseJsoncTree(text: string): Node {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });

  const first = errors[0];
  if (first !== undefined) throw new JsoncSyntaxError(describeParseError(first), positionAt(text, first.offset));
  if (tree === undefined) throw new JsoncSyntaxError('the file is empty', { line: 1, column: 1 });
  return tree;
}

function describeParseError(error: ParseError): string {
  const descriptions: Record<string, string> = {
    InvalidSymbol: 'invalid symbol',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected a colon',
    CommaExpected: 'expected a comma',
    CloseBraceExpected: 'expected a closing brace',
    CloseBracketExpected: 'expected a closing bracket',
    EndOfFileExpected: 'expected the end of the file',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  const code = printParseErrorCode(error.error);
  return descriptions[code] ?? code;
}

export function positionAt(text: string, offset: number): JsoncPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** Indentation and line ending of the file, so inserted text looks like its neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];

  if (indented === undefined) return { tabSize: 2, insertSpaces: true, eol };
  if (indented.startsWith('\t')) return { tabSize: 1, insertSpaces: false, eol };
  return { tabSize: indented.length, insertSpaces: true, eol };
}

/** A value to set at a path (undefined removes the property), applied one after another. */
export interface JsoncChange {
  path: JSONPath;
  value: unknown;
  /** Key after which a new property is inserted; the end of the object when absent or missing. */
  insertAfter?: string;
}

export function applyJsoncChanges(text: string, changes: JsoncChange[], formatting: FormattingOptions): string {
  let result = text;
  for (const change of changes) {
    const inline = renderInlineReplacement(result, change);
    if (inline !== undefined) {
      result = inline;
      continue;
    }
    const edits = modify(result, change.path, change.value, {
      formattingOptions: formatting,
      getInsertionIndex: (properties) => {
        const anchor = change.insertAfter === undefined ? -1 : properties.indexOf(change.insertAfter);
        return anchor === -1 ? properties.length : anchor + 1;
      },
    });
    result = applyEdits(result, edits);
  }
  return result;
}

/**
 * Replaces an array that sits on one line with an array on one line. jsonc-parser would spread it over
 * several lines, which looks out of place in a compact entry such as `{ "command": "npx", "args": [...] }`.
 */
function renderInlineReplacement(text: string, change: JsoncChange): string | undefined {
  if (!Array.isArray(change.value)) return undefined;

  const node = findNode(parseJsoncTree(text), change.path);
  if (node === undefined || node.type !== 'array') return undefined;

  const original = text.slice(node.offset, node.offset + node.length);
  if (original.includes('\n')) return undefined;

  const separator = /,\s/.test(original) || node.children === undefined || node.children.length < 2 ? ', ' : ',';
  const rendered = `[${change.value.map((item) => JSON.stringify(item)).join(separator)}]`;
  return text.slice(0, node.offset) + rendered + text.slice(node.offset + node.length);
}

/** Finds the value node at a path of property names; undefined when the path is missing. */
export function findNode(root: Node, path: JSONPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (node?.type !== 'object' || node.children === undefined) return undefined;
    const property: Node | undefined = node.children.find((child) => child.children?.[0]?.value === segment);
    node = property?.children?.[1];
  }
  return node;
}
