package extract

import "lawreview/corpus/docx"

// The messages corpus/docx gives for .docx packages, under the names the
// tests of this package check them by.
const (
	msgZipBomb = docx.MsgZipBomb
	msgTooDeep = docx.MsgTooDeep
)
