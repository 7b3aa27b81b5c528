import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { z } from 'zod';
import type { ContentType } from '../../src-shared/protocol.js';
import {
  categorySchema,
  formSchema,
  petitionCategorySchema,
  placeSchema,
  serviceSchema,
} from '../../src-shared/schemas/content.js';
import { lawArticleSchema, lawIdSchema, lawSchema } from '../../src-shared/schemas/law.js';
import { serviceReachProblem } from '../../src-shared/rules/service-reach.js';
import { articleHistory, removedArticles } from './law-history.js';
import { LawMarkdownError, parseLawMarkdown, parseLawText, type LawText, type ParsedLaw } from './law-markdown.js';

/** One entity of a content folder, validated by the shared schema of its type (defaults applied). */
export interface ContentEntity {
  type: ContentType;
  id: string;
  data: unknown;
}

/**
 * One problem in a content folder: the file (relative to the folder, with `/`), and the JSON
 * field path (`[3].fields[0].label.mn`) or the Markdown line it is about.
 */
export interface ContentProblem {
  file: string;
  line?: number;
  path?: string;
  message: string;
}

export function formatContentProblem(p: ContentProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** The folder was refused; `problems` lists every problem in every file. Nothing may be published. */
export class ContentFolderError extends Error {
  override readonly name = 'ContentFolderError';
  constructor(readonly problems: readonly ContentProblem[]) {
    super(`Content folder refused (${problems.length} problems):\n${problems.map(formatContentProblem).join('\n')}`);
  }
}

/**
 * Where a content folder's files come from: a folder on disk (`npm run publish`) or the files of
 * a zip uploaded in the console (`filesInMemory`). Both go through the same checks.
 */
export interface ContentFiles {
  /** What the folder `dir` holds (`''` is the top; `/` between names); rejects with code ENOENT when absent. */
  list(dir: string): Promise<Array<{ name: string; isDirectory: boolean }>>;
  /** A file's bytes (checked and decoded as UTF-8 by the reader); rejects with code ENOENT when absent. */
  read(file: string): Promise<Uint8Array>;
}

/** The files of a folder on disk. */
export function folderOnDisk(root: string): ContentFiles {
  const full = (rel: string) => path.join(root, ...rel.split('/').filter(Boolean));
  return {
    async list(dir) {
      const entries = await readdir(full(dir), { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
    },
    read: (file) => readFile(full(file)),
  };
}

/** Files held in memory by their relative path (`laws/land-law/text.md`), e.g. from an uploaded zip. */
export function filesInMemory(files: ReadonlyMap<string, Uint8Array>): ContentFiles {
  const notFound = (name: string) => Object.assign(new Error(`no such file or folder: ${name}`), { code: 'ENOENT' });
  return {
    async list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const children = new Map<string, boolean>();
      for (const name of files.keys()) {
        if (!name.startsWith(prefix)) continue;
        const [first, ...rest] = name.slice(prefix.length).split('/');
        if (first) children.set(first, (children.get(first) ?? false) || rest.length > 0);
      }
      if (children.size === 0 && dir !== '') throw notFound(dir);
      return [...children].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    async read(file) {
      const bytes = files.get(file);
      if (bytes === undefined) throw notFound(file);
      return bytes;
    },
  };
}

/** The 1-based line of a JSON path in a file, or of its nearest ancestor that exists. */
type Locate = (parts: ReadonlyArray<string | number>) => number | undefined;

/**
 * Finds where a JSON path is written: the line of its key (for an object's field) or of its
 * value. A path the file lacks (a required field left out) gives its nearest ancestor's line.
 */
export function jsonLocator(text: string): Locate {
  let tree: Node | undefined | null = null;
  let lineStarts: number[] | undefined;
  return (parts) => {
    if (tree === null) tree = parseTree(text);
    if (!tree) return undefined;
    const at = [...parts];
    for (;;) {
      const node = findNodeAtLocation(tree, at);
      if (node) {
        const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
        lineStarts ??= [...text.matchAll(/\n/g)].map((m) => m.index + 1);
        let line = 1;
        for (const start of lineStarts) {
          if (start > offset) break;
          line++;
        }
        return line;
      }
      if (at.length === 0) return undefined;
      at.pop();
    }
  };
}

interface JsonFileSpec {
  file: string;
  type: ContentType;
  schema: z.ZodType<{ id: string }>;
}

/** The JSON files of a content folder, in publishing order (services point at categories and forms). */
export const CONTENT_JSON_FILES: readonly JsonFileSpec[] = [
  { file: 'categories.json', type: 'category', schema: categorySchema },
  { file: 'forms.json', type: 'form', schema: formSchema },
  { file: 'services.json', type: 'service', schema: serviceSchema },
  { file: 'petition-categories.json', type: 'petition-category', schema: petitionCategorySchema },
  { file: 'places.json', type: 'place', schema: placeSchema },
];
const LAWS_DIR = 'laws';

/**
 * Reads and checks a whole content folder (docs/content-format.md) and returns its entities,
 * or throws `ContentFolderError` naming every problem at once. A missing JSON file means "no
 * entities of that type" (publishing then withdraws any that are published); an unknown file
 * at the top level is a problem, so a misspelt `service.json` cannot silently withdraw every
 * service.
 */
export async function loadContentFolder(dir: string | ContentFiles): Promise<ContentEntity[]> {
  const { entities, problems } = await checkContentFolder(dir);
  if (problems.length > 0) throw new ContentFolderError(problems);
  return entities;
}

/** Like `loadContentFolder`, but returns the problems instead of throwing. */
export async function checkContentFolder(
  source: string | ContentFiles,
): Promise<{ entities: ContentEntity[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const entities: ContentEntity[] = [];
  const dir = typeof source === 'string' ? folderOnDisk(source) : source;
  let names: string[];
  try {
    names = (await dir.list('')).map((e) => e.name).sort();
  } catch (err) {
    const file = typeof source === 'string' ? source : '(content folder)';
    return { entities, problems: [{ file, message: `cannot read the content folder: ${errorMessage(err)}` }] };
  }
  const known = new Set([...CONTENT_JSON_FILES.map((f) => f.file), LAWS_DIR]);
  for (const name of names) {
    if (!known.has(name) && !name.startsWith('.') && !name.toLowerCase().endsWith('.md')) {
      problems.push({
        file: name,
        message: `unknown file; a content folder holds ${[...known].join(', ')} (and README files)`,
      });
    }
  }

  const byType = new Map<ContentType, Array<{ index: number; data: Record<string, unknown> }>>();
  const locators = new Map<string, Locate>();
  for (const spec of CONTENT_JSON_FILES) {
    const rows = await readJsonArray(dir, spec, problems, locators);
    byType.set(spec.type, rows);
    for (const row of rows) entities.push({ type: spec.type, id: String(row.data.id), data: row.data });
  }
  crossCheck(byType, problems, locators);
  if (names.includes(LAWS_DIR)) entities.push(...(await readLaws(dir, problems)));
  return { entities, problems };
}

/** The entities of one JSON file, each valid; problems for the invalid ones. */
async function readJsonArray(
  dir: ContentFiles,
  spec: JsonFileSpec,
  problems: ContentProblem[],
  locators: Map<string, Locate>,
): Promise<Array<{ index: number; data: Record<string, unknown> }>> {
  const read = await readJsonFile(dir, spec.file, problems, true);
  if (read === undefined) return [];
  const { json, locate } = read;
  locators.set(spec.file, locate);
  if (!Array.isArray(json)) {
    problems.push({ file: spec.file, line: 1, message: `must hold a JSON array of ${spec.type} entities` });
    return [];
  }
  const rows: Array<{ index: number; data: Record<string, unknown> }> = [];
  const seen = new Map<string, number>();
  json.forEach((item: unknown, index) => {
    const data = validate(spec.schema, item, spec.file, [index], `${spec.type}${idHint(item)}`, problems, locate);
    if (!data) return;
    const first = seen.get(data.id);
    if (first !== undefined) {
      problems.push({
        file: spec.file,
        line: locate([index, 'id']),
        path: `[${index}].id`,
        message: `duplicate id "${data.id}" (also at [${first}])`,
      });
      return;
    }
    seen.set(data.id, index);
    rows.push({ index, data: data as Record<string, unknown> });
  });
  return rows;
}

/**
 * References between files: a service's category and form must exist, and a service done "at this machine"
 * must have a form (`serviceReachProblem`); soum codes start with their aimag's.
 */
function crossCheck(
  byType: Map<ContentType, Array<{ index: number; data: Record<string, unknown> }>>,
  problems: ContentProblem[],
  locators: ReadonlyMap<string, Locate>,
): void {
  const lineOf = (file: string, parts: Array<string | number>) => locators.get(file)?.(parts);
  const ids = (type: ContentType) => new Set((byType.get(type) ?? []).map((r) => String(r.data.id)));
  const categories = ids('category');
  const forms = ids('form');
  for (const { index, data } of byType.get('service') ?? []) {
    const service = serviceSchema.parse(data);
    if (!categories.has(service.category)) {
      problems.push({
        file: 'services.json',
        line: lineOf('services.json', [index, 'category']),
        path: `[${index}].category`,
        message: `category "${service.category}" is not in categories.json (service "${service.id}")`,
      });
    }
    if (service.formId !== undefined && !forms.has(service.formId)) {
      problems.push({
        file: 'services.json',
        line: lineOf('services.json', [index, 'formId']),
        path: `[${index}].formId`,
        message: `form "${service.formId}" is not in forms.json (service "${service.id}")`,
      });
    }
    const reach = serviceReachProblem(service);
    if (reach) {
      problems.push({
        file: 'services.json',
        line: lineOf('services.json', [index, reach.field]),
        path: `[${index}].${reach.field}`,
        message: reach.message,
      });
    }
  }
  const soums = new Map<string, string>();
  for (const { index, data } of byType.get('place') ?? []) {
    const place = placeSchema.parse(data);
    place.soums.forEach((soum, i) => {
      const at = `[${index}].soums[${i}].id`;
      const line = lineOf('places.json', [index, 'soums', i, 'id']);
      if (!soum.id.startsWith(place.id)) {
        problems.push({
          file: 'places.json',
          line,
          path: at,
          message: `soum code "${soum.id}" must start with its aimag code "${place.id}"`,
        });
      }
      const other = soums.get(soum.id);
      if (other !== undefined) {
        problems.push({
          file: 'places.json',
          line,
          path: at,
          message: `duplicate soum code "${soum.id}" (also at ${other})`,
        });
      } else {
        soums.set(soum.id, at);
      }
    });
  }
}

/** Every `laws/<id>/` folder: one `law` entity and its `law-article` entities. */
async function readLaws(dir: ContentFiles, problems: ContentProblem[]): Promise<ContentEntity[]> {
  let entries;
  try {
    entries = (await dir.list(LAWS_DIR)).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    problems.push({ file: LAWS_DIR, message: `cannot read: ${errorMessage(err)}` });
    return [];
  }
  const entities: ContentEntity[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = `${LAWS_DIR}/${entry.name}`;
    if (!entry.isDirectory) {
      if (!entry.name.toLowerCase().endsWith('.md')) {
        problems.push({ file: rel, message: 'laws/ holds one folder per law (laws/<law-id>/)' });
      }
      continue;
    }
    if (!lawIdSchema.safeParse(entry.name).success) {
      problems.push({
        file: rel,
        message: 'a law folder is named by its id: lower-case Latin letters, digits, dashes',
      });
      continue;
    }
    entities.push(...(await readLaw(dir, entry.name, problems)));
  }
  return entities;
}

async function readLaw(dir: ContentFiles, lawId: string, problems: ContentProblem[]): Promise<ContentEntity[]> {
  const base = `${LAWS_DIR}/${lawId}`;
  const metaFile = `${base}/meta.json`;
  const metaRead = await readJsonFile(dir, metaFile, problems, false);
  const meta = metaRead?.json;
  const locateMeta: Locate = metaRead?.locate ?? (() => undefined);
  const metaObject = isRecord(meta) ? meta : undefined;
  if (meta !== undefined && !metaObject) problems.push({ file: metaFile, line: 1, message: 'must hold a JSON object' });
  if (metaObject && 'chapters' in metaObject) {
    problems.push({
      file: metaFile,
      line: locateMeta(['chapters']),
      path: 'chapters',
      message: 'chapters come from text.md: remove them from meta.json',
    });
  }
  if (metaObject && 'removedArticles' in metaObject) {
    problems.push({
      file: metaFile,
      line: locateMeta(['removedArticles']),
      path: 'removedArticles',
      message: 'removed articles come from history/v<N>.md: remove them from meta.json',
    });
  }
  if (metaObject && metaObject.id !== lawId) {
    problems.push({
      file: metaFile,
      line: locateMeta(['id']),
      path: 'id',
      message: `must be "${lawId}", the name of the law's folder`,
    });
  }
  /** Known only from a usable meta.json; history is then checked against it. */
  const version =
    typeof metaObject?.version === 'number' && Number.isInteger(metaObject.version) && metaObject.version >= 1
      ? metaObject.version
      : undefined;

  // The texts: Mongolian (required), Kazakh and English (optional), parsed together.
  const textFile = `${base}/text.md`;
  const text = await readTextFile(dir, textFile, problems, false);
  const translations: Partial<Record<'kk' | 'en', { text: string; file: string }>> = {};
  for (const lang of ['kk', 'en'] as const) {
    const file = `${base}/text.${lang}.md`;
    const tr = await readTextFile(dir, file, problems, true);
    if (tr !== undefined) translations[lang] = { text: tr, file };
  }
  let parsed: ParsedLaw | undefined;
  if (text !== undefined) {
    try {
      parsed = parseLawMarkdown(text, { file: textFile, lawId, version: version ?? 1, translations });
    } catch (err) {
      if (!(err instanceof LawMarkdownError)) throw err;
      problems.push(...err.problems);
    }
  }
  const history = await readHistory(dir, base, version, problems);

  if (!metaObject) return [];
  // Without a parsed text the chapters are a stand-in, so meta.json is still checked field by field.
  const chapters = parsed?.chapters ?? [{ number: 1, title: { mn: '-' }, articles: [1] }];
  const { chapters: _ignored, removedArticles: _derived, ...metaFields } = metaObject;
  const law = validate(
    lawSchema,
    { ...metaFields, chapters },
    metaFile,
    [],
    `law "${lawId}"`,
    problems,
    locateMeta,
    metaFields,
  );
  if (law) {
    law.changelog.forEach((entry, i) => {
      if (entry.version > law.version) {
        problems.push({
          file: metaFile,
          line: locateMeta(['changelog', i, 'version']),
          path: `changelog[${i}].version`,
          message: `version ${entry.version} is later than the law's version ${law.version}`,
        });
      }
    });
  }
  if (!law || !parsed) return [];

  const current = new Set(parsed.articles.map((a) => a.number));
  const lawWithHistory = { ...law, removedArticles: removedArticles(current, law.version, history) };
  const entities: ContentEntity[] = [{ type: 'law', id: law.id, data: lawWithHistory }];
  parsed.articles.forEach((article, i) => {
    const withVersion = { ...article, ...articleHistory(article, law.version, history) };
    const line = parsed.text.articles[i]?.line;
    const what = `article ${article.number}, line ${line ?? '?'}`;
    const valid = validate(lawArticleSchema, withVersion, textFile, [], what, problems, () => line);
    if (valid) entities.push({ type: 'law-article', id: valid.id, data: valid });
  });
  return entities;
}

/** `history/v<N>.md`: earlier Mongolian texts, each checked like text.md. */
async function readHistory(
  dir: ContentFiles,
  base: string,
  version: number | undefined,
  problems: ContentProblem[],
): Promise<Map<number, LawText>> {
  const history = new Map<number, LawText>();
  let names: string[];
  try {
    names = (await dir.list(`${base}/history`)).map((e) => e.name).sort();
  } catch (err) {
    if (!isNotFound(err)) {
      problems.push({ file: `${base}/history`, message: `cannot read: ${errorMessage(err)}` });
      return history;
    }
    names = [];
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = `${base}/history/${name}`;
    const m = /^v([1-9]\d*)\.md$/.exec(name);
    if (!m) {
      problems.push({ file, message: 'history holds earlier texts named v<N>.md (e.g. v1.md)' });
      continue;
    }
    const n = Number(m[1]);
    if (version !== undefined && n >= version) {
      problems.push({ file, message: `history holds versions before the current one (${version}); v${n} is not` });
    }
    const text = await readTextFile(dir, file, problems, false);
    if (text === undefined) continue;
    const result = parseLawText(text, { file, strict: true });
    problems.push(...result.problems);
    if (result.problems.length === 0) history.set(n, result.text);
  }
  // Kiosks show "what changed" from these texts: a missing version would read as articles added.
  const last = (version ?? 1) - 1;
  for (let v = 1; v <= last; v++) {
    if (!names.includes(`v${v}.md`)) {
      problems.push({
        file: `${base}/history/v${v}.md`,
        message:
          `missing: a law at version ${last + 1} keeps every earlier Mongolian text (v1.md … v${last}.md), ` +
          'so kiosks can show what changed between versions',
      });
    }
  }
  return history;
}

/** Parses with the schema; on failure records every issue with its path. Reports unknown fields too. */
function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
  file: string,
  basePath: Array<string | number>,
  what: string,
  problems: ContentProblem[],
  locate: Locate,
  checkedInput: unknown = input,
): T | undefined {
  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const parts = [...basePath, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      problems.push({ file, line: locate(parts), path: formatPath(parts), message: `${issue.message} (${what})` });
    }
    return undefined;
  }
  const unknown: Array<Array<string | number>> = [];
  findUnknownKeys(checkedInput, result.data, basePath, unknown);
  for (const p of unknown) {
    problems.push({ file, line: locate(p), path: formatPath(p), message: `unknown field (${what})` });
  }
  return unknown.length === 0 ? result.data : undefined;
}

/** Keys of the input the schema dropped: typos such as `formID` would otherwise vanish silently. */
function findUnknownKeys(
  input: unknown,
  output: unknown,
  at: Array<string | number>,
  out: Array<Array<string | number>>,
) {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((v, i) => findUnknownKeys(v, output[i], [...at, i], out));
  } else if (isRecord(input) && isRecord(output)) {
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(output, key)) out.push([...at, key]);
      else findUnknownKeys(input[key], output[key], [...at, key], out);
    }
  }
}

/** `[3].fields[0].label.mn` */
export function formatPath(parts: ReadonlyArray<string | number>): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

function idHint(item: unknown): string {
  return isRecord(item) && typeof item.id === 'string' ? ` "${item.id}"` : '';
}

async function readTextFile(
  dir: ContentFiles,
  file: string,
  problems: ContentProblem[],
  optional: boolean,
): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await dir.read(file);
  } catch (err) {
    if (optional && isNotFound(err)) return undefined;
    problems.push({ file, message: isNotFound(err) ? 'missing' : `cannot read: ${errorMessage(err)}` });
    return undefined;
  }
  const text = decodeUtf8(bytes);
  if (typeof text === 'number') {
    problems.push({
      file,
      line: text,
      message: 'is not UTF-8 text (saved in another encoding, e.g. Windows-1251?): save it as UTF-8',
    });
    return undefined;
  }
  return text;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text, or the 1-based line of the first bytes that are not UTF-8 (Cyrillic in another code page would turn to garbage). */
export function decodeUtf8(bytes: Uint8Array): string | number {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          strictUtf8.decode(bytes.subarray(start, i));
        } catch {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return line - 1;
  }
}

/** Parsed JSON, or undefined after recording the problem (syntax errors with line and column). */
async function readJsonFile(
  dir: ContentFiles,
  file: string,
  problems: ContentProblem[],
  optional: boolean,
): Promise<{ json: unknown; locate: Locate } | undefined> {
  const read = await readTextFile(dir, file, problems, optional);
  if (read === undefined) return undefined;
  // Windows editors may start a UTF-8 file with a byte-order mark; it is not part of the JSON.
  const text = read.replace(/^\uFEFF/, '');
  try {
    return { json: JSON.parse(text) as unknown, locate: jsonLocator(text) };
  } catch (err) {
    problems.push({ file, ...jsonSyntaxProblem(text, errorMessage(err)) });
    return undefined;
  }
}

/** V8 says "… in JSON at position 123" (newer versions add the line): turn that into a line and column. */
export function jsonSyntaxProblem(text: string, message: string): { line: number; message: string } {
  const position = /at position (\d+)/.exec(message);
  const clean = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .trim();
  if (!position) {
    return { line: text.split('\n').length, message: `invalid JSON: ${clean}` };
  }
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, message: `invalid JSON (column ${column}): ${clean}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNotFound(err: unknown): boolean {
  return isRecord(err) && err.code === 'ENOENT';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
