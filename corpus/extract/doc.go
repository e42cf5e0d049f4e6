// Package extract turns an uploaded draft (.docx, .pdf, .txt, .md, and
// .doc/.wps through LibreOffice) into a Document: a title, the text, and
// its paragraphs classified as heading, article (第X条), item (（一）, 一、,
// 1., ①), table cell or body, each with its rune offsets into the text.
//
// # Offsets contract
//
// Document.Text is the paragraphs' texts joined by "\n" and nothing else.
// For every paragraph p, p.Start and p.End are rune (not byte) offsets into
// Document.Text and []rune(doc.Text)[p.Start:p.End] == p.Text. Paragraphs
// are in reading order, never empty, and contain no "\n". Findings that
// quote the draft quote Document.Text, so they match what the reviewer sees.
//
// # Normalization rule
//
// Applied to every paragraph of every format, so that quotes match the
// draft wherever the draft came from:
//
//   - Line breaks: CRLF, CR, LF, U+2028, U+2029 and U+0085 all end a line;
//     a Word line break (w:br) ends a paragraph too.
//   - Spaces: tab, NBSP (U+00A0), U+2000–U+200A, U+202F, U+205F and other
//     odd spaces become an ASCII space. The full-width space U+3000 is kept,
//     because Chinese drafts write "第一条　为了…" with it. Each run of
//     spaces collapses to one character: U+3000 if the run holds one, else
//     an ASCII space. Spaces at the start and end of a paragraph (including
//     the two U+3000 of a first-line indent) are removed.
//   - Invisible characters (zero-width spaces and joiners, BOM, soft hyphen,
//     bidi marks) and control characters are dropped.
//   - Nothing else changes: full-width Chinese punctuation （），。；：“”
//     and full-width digits stay as written; no NFKC folding.
//   - Paragraphs that end up empty are dropped.
//
// Word automatic numbering is rendered into the text as Word shows it
// ("第三条", "（一）"); after a number ending in a CJK character the tab
// or space Word draws becomes U+3000, otherwise an ASCII space. Without
// this every article of a 村规民约 numbered by Word would lose its number.
//
// # Formats
//
// The format is detected from the content, never from the file name.
// .docx is read through corpus/docx: body paragraphs, tables
// cell by cell (one table_cell paragraph per cell, its paragraphs joined by
// a space, with its Row and Col; nested tables follow their cell and number
// their own rows), text boxes (once, not again
// from the mc:Fallback copy), tracked changes as accepted (insertions kept,
// deletions dropped), hidden text dropped; headers, footers, comments and
// footnotes are not body text. PDFs are read with PDFium (WebAssembly, see
// docs/pdf-library.md); lines broken inside a sentence are joined again and
// page numbers dropped. Text files may be UTF-8 (with or without BOM),
// UTF-16 (with BOM, or without one when every other byte is zero), or
// GB18030/GBK; every line is a paragraph, in Markdown too, where
// heading markers, bullets and emphasis are dropped, ordered-list numbers
// kept.
//
// Every failure is an *Error with a Code and a Chinese message for the user;
// the type is corpus/docx's, shared by everything that reads or writes a
// file.
package extract
