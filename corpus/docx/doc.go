// Package docx is the project's one reader and writer of Word .docx files
// (Office Open XML packages), built on archive/zip and encoding/xml: the
// package and its size budget, relationships, styles, automatic numbering
// and the body as Word shows it. corpus/extract reads drafts and laws with
// it. Every failure is an *Error with a Code and a Chinese message.
//
// A package is read within one budget of uncompressed bytes (Open), every
// XML part within one nesting limit: these are the only size limits on a
// .docx, whoever opens it.
package docx
