package extract

import "errors"

// Code classifies why a file could not be extracted, so that callers (the
// web upload, the CLI) can react without parsing messages.
type Code string

const (
	CodeTooLarge    Code = "too_large"   // file larger than Options.MaxBytes
	CodeUnsupported Code = "unsupported" // not a format we read (spreadsheet, image, unknown binary, ...)
	CodeCorrupt     Code = "corrupt"     // truncated or malformed file of a known format
	CodeEncrypted   Code = "encrypted"   // password protected
	CodeEmpty       Code = "empty"       // readable, but no text to review
	CodeScanned     Code = "scanned"     // PDF without a text layer (a scan)
	CodeZipBomb     Code = "zip_bomb"    // archive that would inflate beyond the limits
	CodeNeedDocx    Code = "need_docx"   // .doc/.wps that could not be converted (no LibreOffice, or it failed)
	CodeTooDeep     Code = "too_deep"    // XML nested deeper than the limit
	CodeRead        Code = "read"        // the file could not be read from disk
	CodeInternal    Code = "internal"    // a bug in this package (recovered panic)
)

// Error is the only error type File and Bytes return. Msg is Chinese and
// meant for the user; Err, when set, is the technical cause for logs.
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

// Is lets errors.Is(err, &extract.Error{Code: extract.CodeEmpty}) match on
// the code alone.
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

// Messages shared by several formats.
const (
	msgEmpty     = "文件中没有可审查的文字"
	msgNeedDocx  = "无法读取该 Word 97-2003（.doc）或 WPS 文件，请另存为 .docx 后上传"
	msgScanned   = "该 PDF 没有文字层（可能是扫描件），无法提取文字。请上传 Word 文件或带文字层的 PDF"
	msgCorruptZ  = "Word 文件已损坏或不完整，无法读取。请重新保存为 .docx 后上传"
	msgZipBomb   = "文件解压后体积异常巨大，已拒绝处理"
	msgTooDeep   = "文件结构嵌套层数过多，已拒绝处理"
	msgEncDocx   = "文件已加密，无法读取。请取消密码后上传"
	msgEncPDF    = "PDF 文件已加密，无法读取其中的文字。请取消密码后上传，或上传 Word 文件"
	msgNotDocx   = "该压缩文件不是 Word 文档（缺少正文部分）。请上传 .docx、PDF 或文本文件"
	msgUnknown   = "无法识别的文件格式。请上传 Word（.docx）、PDF、文本（.txt）或 Markdown（.md）文件"
	msgEncoding  = "无法识别文本文件的文字编码。请另存为 UTF-8 编码的文本或 Word 文件后上传"
	msgImage     = "这是图片文件，无法提取文字。请上传 Word 文件或带文字层的 PDF"
	msgCorruptPD = "PDF 文件已损坏或不完整，无法读取"
)
