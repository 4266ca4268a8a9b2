// The studio's dark CodeMirror theme, in the page's colours (studio.html):
// a night-blue editor and gutter, the accent yellow for the cursor and the
// active line number, comments a readable grey-lilac (contrast 5.8:1 on
// the background), and an error line marked in red so it shows from afar.
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const bg = '#181a2e';
const gutter = '#121322';
const text = '#f4f1e8';
const accent = '#f2c14e';

const view = EditorView.theme({
  '&': { color: text, backgroundColor: bg, fontSize: '14px' },
  '.cm-content': { caretColor: accent, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: accent, borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: '#3b3f6b' },
  '.cm-gutters': { backgroundColor: gutter, color: '#8a87ad', borderRight: '1px solid #3b3f6b' },
  '.cm-activeLineGutter': { backgroundColor: '#23264a', color: accent },
  '.cm-activeLine': { backgroundColor: '#ffffff08' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: '#3b3f6b', outline: '1px solid #6d72b0' },
  '.cm-searchMatch': { backgroundColor: '#f2c14e40', outline: '1px solid #f2c14e80' },
  '.cm-panels': { backgroundColor: gutter, color: text },
  '.cm-foldPlaceholder': { backgroundColor: '#2b2e4d', border: 'none', color: '#b9b6d6' },
  // The error line: a red band over the whole line, a wavy underline on
  // its text and a red dot in the lint gutter.
  '.cm-line:has(.cm-lintRange-error)': { backgroundColor: '#a8455f40', boxShadow: 'inset 3px 0 #ff6b6b' },
  '.cm-lintRange-error': {
    backgroundImage: 'none', textDecoration: 'underline wavy #ff6b6b', textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-tooltip': { backgroundColor: '#232644', color: text, border: '1px solid #4a4f80', borderRadius: '4px' },
  '.cm-tooltip-lint .cm-diagnostic-error': { borderLeftColor: '#ff6b6b' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', maxHeight: '14em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: '#3b3f6b', color: accent },
  '.cm-completionMatchedText': { textDecoration: 'none', color: accent, fontWeight: 'bold' },
  '.cm-completionDetail': { color: '#b9b6d6', fontStyle: 'normal', marginLeft: '0.8em' },
  '.cm-tooltip.cm-completionInfo': { maxWidth: '28em', padding: '6px 9px', lineHeight: '1.4' },
  '.cm-completionInfo code': { color: accent, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace' },
  '.cm-completionInfo .forms': { marginBottom: '4px' },
}, { dark: true });

const highlight = HighlightStyle.define([
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#a4a1c4', fontStyle: 'italic' },
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.operatorKeyword], color: '#ff9e7a', fontWeight: 'bold' },
  { tag: [t.string, t.special(t.string)], color: '#a8e07a' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#f2c14e' },
  { tag: [t.function(t.variableName), t.standard(t.variableName)], color: '#7ccfff' },
  { tag: [t.variableName, t.name], color: text },
  { tag: [t.propertyName], color: '#c7b8ff' },
  { tag: [t.operator, t.punctuation, t.bracket], color: '#d6d3ea' },
  { tag: [t.heading, t.typeName, t.className], color: '#f2c14e' },
  { tag: t.invalid, color: '#ff6b6b' },
]);

/** The theme's extensions: colours of the editor and of the code. */
export const darkTheme = [view, syntaxHighlighting(highlight)];
