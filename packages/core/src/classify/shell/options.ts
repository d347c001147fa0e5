// Splitting a command's arguments into options and operands, the way getopt-style tools read them.
import type { ExpandedWord } from './expand.js';

export interface ParsedArguments {
  /** Short option letters (`r` for `-rf`) and long option names without dashes (`recursive`). */
  flags: Set<string>;
  /** Values of options that take one, by letter or long name; `--name=value` lands here too. */
  values: Map<string, string[]>;
  operands: ExpandedWord[];
}

/**
 * Parses arguments. `valued` names the options (letters or long names) that take a value from the
 * next argument; everything after `--` is an operand.
 */
export function parseArguments(args: ExpandedWord[], valued: string[] = []): ParsedArguments {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: ExpandedWord[] = [];
  const takesValue = new Set(valued);
  const addValue = (name: string, value: string): void => {
    values.set(name, [...(values.get(name) ?? []), value]);
    flags.add(name);
  };

  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as ExpandedWord;
    const text = arg.text;

    if (text === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (text.startsWith('--') && text.length > 2) {
      const equals = text.indexOf('=');
      if (equals !== -1) {
        addValue(text.slice(2, equals), text.slice(equals + 1));
      } else if (takesValue.has(text.slice(2)) && index + 1 < args.length) {
        addValue(text.slice(2), (args[index + 1] as ExpandedWord).text);
        index += 1;
      } else {
        flags.add(text.slice(2));
      }
      continue;
    }
    // `head -20` and `kill -9` take a number as an option of its own.
    if (/^-\d+$/.test(text)) {
      flags.add(text.slice(1));
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      index += readShortOptions(text, args, index, takesValue, flags, addValue);
      continue;
    }
    operands.push(arg);
  }
  return { flags, values, operands };
}

/** Reads `-rf` or `-n5` or `-n 5`; returns how many extra arguments it consumed. */
function readShortOptions(text: string, args: ExpandedWord[], index: number, takesValue: Set<string>, flags: Set<string>, addValue: (name: string, value: string) => void): number {
  for (let position = 1; position < text.length; position += 1) {
    const letter = text[position] as string;
    if (!takesValue.has(letter)) {
      flags.add(letter);
      continue;
    }
    const rest = text.slice(position + 1);
    if (rest !== '') {
      addValue(letter, rest);
      return 0;
    }
    const next = args[index + 1];
    if (next !== undefined) {
      addValue(letter, next.text);
      return 1;
    }
    flags.add(letter);
    return 0;
  }
  return 0;
}

export function hasAny(parsed: ParsedArguments, ...names: string[]): boolean {
  return names.some((name) => parsed.flags.has(name));
}

export function firstValue(parsed: ParsedArguments, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = parsed.values.get(name)?.[0];
    if (value !== undefined) return value;
  }
  return undefined;
}
