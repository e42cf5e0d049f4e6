// Package docx is the project's one reader and writer of Word .docx files
// (Office Open XML packages), built on archive/zip and encoding/xml: the
// package and its size budget, relationships, styles, automatic numbering
// and the body as Word shows it. corpus/extract reads drafts and laws with
// it; review/opinion writes the 合法性审查意见书 with it; review/annotate
// writes comments and tracked changes into a clerk's draft with it. Every
// failure is an *Error with a Code and a Chinese message.
//
// A package is read within one budget of uncompressed bytes (Open), every
// XML part within one nesting limit: these are the only size limits on a
// .docx, whoever opens it.
//
// New documents are written by hand with text templates rather than
// through a document model: the outputs are small, fixed in shape, and must
// be byte-stable for golden tests. Their house style (Basic, Page) follows
// GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, 22 lines of
// 28 characters, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号, page
// numbers "— 1 —" in 四号 宋体 at the outer bottom edge. Fonts are named,
// never embedded; fontTable.xml gives each one an altName, charset and
// PANOSE so Word substitutes the standard Windows face (宋体, 仿宋, 黑体,
// 楷体) when the GB2312 or 方正 face is missing.
package docx
