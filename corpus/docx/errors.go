package docx

import "errors"

// Code classifies why a file could not be read or edited, so that callers
// (the web upload and downloads, the CLI) can react without parsing
// messages. This package defines the codes of .docx packages; corpus/extract
// adds those of the other formats it reads, with the same type.
type Code string

const (
	CodeCorrupt     Code = "corrupt"     // truncated or malformed file of a known format
	CodeUnsupported Code = "unsupported" // not a format we read (spreadsheet, image, unknown binary, ...)
	CodeZipBomb     Code = "zip_bomb"    // archive that would inflate beyond the limits
	CodeTooDeep     Code = "too_deep"    // XML nested deeper than the limit
	CodeEmpty       Code = "empty"       // readable, but no text to review or to anchor on
	CodeInvalid     Code = "invalid"     // an edit the document cannot take (a change without its words, overlapping changes)
)

// Error is the one error type for files: what corpus/extract returns for
// every format it reads, and what editing or writing a .docx returns. Msg
// is Chinese and meant for the user; Err, when set, is the technical cause
// for logs.
type Error struct {
	Code Code
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + "（" + e.Err.Error() + "）"
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, &docx.Error{Code: docx.CodeEmpty}) match on the
// code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Msg == "" && t.Err == nil
}

// CodeOf returns the Code of an *Error anywhere in err's chain, or "".
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func newErr(code Code, msg string, cause error) *Error {
	return &Error{Code: code, Msg: msg, Err: cause}
}

// Messages of the package's own failures. The first two are exported for
// the tests of the packages that report them.
const (
	MsgZipBomb  = "文件解压后体积异常巨大，已拒绝处理"
	MsgTooDeep  = "文件结构嵌套层数过多，已拒绝处理"
	msgCorruptZ = "Word 文件已损坏或不完整，无法读取。请重新保存为 .docx 后上传"
	msgNotDocx  = "该压缩文件不是 Word 文档（缺少正文部分）。请上传 .docx、PDF 或文本文件"
)
