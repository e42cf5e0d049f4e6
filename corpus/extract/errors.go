package extract

import "lawreview/corpus/docx"

// Error and Code are corpus/docx's: one error type for every file the
// project reads or writes, whatever its format, so that the web and the CLI
// handle a broken PDF and a broken .docx alike.
type (
	Error = docx.Error
	Code  = docx.Code
)

// The codes .docx packages produce, under the names callers know.
const (
	CodeUnsupported = docx.CodeUnsupported // not a format we read (spreadsheet, image, unknown binary, ...)
	CodeCorrupt     = docx.CodeCorrupt     // truncated or malformed file of a known format
	CodeEmpty       = docx.CodeEmpty       // readable, but no text to review
	CodeZipBomb     = docx.CodeZipBomb     // archive or PDF stream that would inflate beyond the limits
	CodeTooDeep     = docx.CodeTooDeep     // XML nested deeper than the limit
)

// The codes of the other formats and of reading from disk.
const (
	CodeTooLarge  Code = "too_large" // file larger than Options.MaxBytes
	CodeEncrypted Code = "encrypted" // password protected
	CodeScanned   Code = "scanned"   // PDF without a text layer (a scan)
	CodeNeedDocx  Code = "need_docx" // .doc/.wps that could not be converted (no LibreOffice, or it failed)
	CodeTooLong   Code = "too_long"  // more text, paragraphs or pages than Options allows
	CodeMismatch  Code = "mismatch"  // content is not what the file name's extension says (CheckName)
	CodeRead      Code = "read"      // the file could not be read from disk
	CodeInternal  Code = "internal"  // a bug in this package (recovered panic)
)

// CodeOf returns the Code of an *Error anywhere in err's chain, or "".
func CodeOf(err error) Code { return docx.CodeOf(err) }

func newErr(code Code, msg string, cause error) *Error {
	return &Error{Code: code, Msg: msg, Err: cause}
}

// Messages shared by several formats.
const (
	msgEmpty     = "文件中没有可审查的文字"
	msgNeedDocx  = "无法读取该 Word 97-2003（.doc）或 WPS 文件，请另存为 .docx 后上传"
	msgScanned   = "该 PDF 没有文字层（可能是扫描件），无法提取文字。请上传 Word 文件或带文字层的 PDF"
	msgEncDocx   = "文件已加密，无法读取。请取消密码后上传"
	msgEncPDF    = "PDF 文件已加密，无法读取其中的文字。请取消密码后上传，或上传 Word 文件"
	msgUnknown   = "无法识别的文件格式。请上传 Word（.docx）、PDF、文本（.txt）或 Markdown（.md）文件"
	msgEncoding  = "无法识别文本文件的文字编码。请另存为 UTF-8 编码的文本或 Word 文件后上传"
	msgImage     = "这是图片文件，无法提取文字。请上传 Word 文件或带文字层的 PDF"
	msgCorruptPD = "PDF 文件已损坏或不完整，无法读取"
)
