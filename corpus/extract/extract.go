package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"lawreview/corpus/docx"
)

// Kind is what a paragraph is in the structure of a draft.
type Kind string

const (
	KindHeading   Kind = "heading"    // title, 第一章 总则, Markdown #, Word heading styles
	KindArticle   Kind = "article"    // starts with 第X条 (or 第X条之Y)
	KindItem      Kind = "item"       // starts with （一） (一) 一、 1. 1、 ① ...
	KindBody      Kind = "body"       // anything else
	KindTableCell Kind = "table_cell" // the text of one table cell
)

// Paragraph is one paragraph of Document.Text.
type Paragraph struct {
	Kind  Kind
	Text  string
	Start int // rune offset into Document.Text, inclusive
	End   int // rune offset into Document.Text, exclusive; Text == runes[Start:End]
	// Label is the structural label the paragraph starts with: "第三条",
	// "第二十条之一", "（一）", "一、", "1.", "①", or for headings "第一章",
	// "第二节"; "" when it starts with none.
	Label string
	// Row and Col place a table_cell paragraph in its table: Row numbers
	// the table rows across the whole document from 1, Col the cells of a
	// row from 1 (a cell holding several lines gives several paragraphs
	// with the same Row and Col). Both are 0 outside tables. A 奖惩 table
	// puts the misconduct and its sanction in two cells of one row; the
	// reviewer reads the row as one sentence, and so must the engine.
	Row int `json:",omitempty"`
	Col int `json:",omitempty"`
}

// Document is the text of an uploaded file, ready for review.
type Document struct {
	Name       string // the name the file was uploaded under
	Format     string // docx, pdf, txt, md, doc, wps (detected from content)
	Title      string
	Text       string // the paragraphs' texts joined by "\n"
	Paragraphs []Paragraph
}

// Options bounds the work done on one file. The zero value is usable.
// Every limit is checked while the work is done, so that a hostile file
// costs at most the limits, and is refused with a Chinese message.
type Options struct {
	MaxBytes        int64  // largest accepted file; default 20 MB
	MaxUncompressed int64  // largest total of the parts read from a .docx; default docx.DefaultMaxUncompressed (48 MB)
	MaxChars        int    // most characters of text; default 1,000,000 (the longest law is about 105,000)
	MaxParagraphs   int    // most paragraphs; default 100,000
	MaxPages        int    // most PDF pages; default 2,000
	Soffice         string // LibreOffice binary for .doc/.wps; "" looks up soffice/libreoffice on PATH
}

const (
	defaultMaxBytes      = 20 << 20
	defaultMaxChars      = 1_000_000
	defaultMaxParagraphs = 100_000
	defaultMaxPages      = 2000
)

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = defaultMaxBytes
	}
	if o.MaxUncompressed <= 0 {
		o.MaxUncompressed = docx.DefaultMaxUncompressed
	}
	if o.MaxChars <= 0 {
		o.MaxChars = defaultMaxChars
	}
	if o.MaxParagraphs <= 0 {
		o.MaxParagraphs = defaultMaxParagraphs
	}
	if o.MaxPages <= 0 {
		o.MaxPages = defaultMaxPages
	}
	return o
}

// tooLong refuses a document with more text than the limits allow.
func tooLong(opt Options) *Error {
	return newErr(CodeTooLong, fmt.Sprintf("文件文字过多（超过 %d 万字或 %d 段），已拒绝处理。请检查是否选错了文件，或拆分后分别提交",
		opt.MaxChars/10000, opt.MaxParagraphs), nil)
}

// File extracts the document stored at path.
func File(path string, opt Options) (*Document, error) {
	opt = opt.withDefaults()
	name := filepath.Base(path)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, newErr(CodeRead, "文件不存在："+name, fmt.Errorf("stat %s: %w", path, err))
	}
	if err != nil {
		return nil, newErr(CodeRead, "无法读取文件 "+name, fmt.Errorf("stat %s: %w", path, err))
	}
	if st.IsDir() {
		return nil, newErr(CodeRead, name+" 是文件夹，不是文件", nil)
	}
	if st.Size() > opt.MaxBytes {
		return nil, tooLarge(opt.MaxBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, newErr(CodeRead, "无法读取文件 "+name, fmt.Errorf("read %s: %w", path, err))
	}
	return Bytes(name, data, opt)
}

// Bytes extracts a document from the content of an uploaded file. name is
// used only in messages and to tell .wps from .doc; the format is detected
// from the content.
func Bytes(name string, data []byte, opt Options) (doc *Document, err error) {
	// Every parser here is meant to return errors, never panic; this is the
	// last line of defence so that one odd upload cannot take a server down.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, panicErr(name, r)
		}
	}()
	return extractBytes(name, data, opt.withDefaults())
}

func panicErr(name string, r any) *Error {
	return newErr(CodeInternal, "处理文件时发生内部错误，请联系管理员", fmt.Errorf("extract %s: panic: %v\n%s", name, r, debug.Stack()))
}

func tooLarge(limit int64) *Error {
	return newErr(CodeTooLarge, fmt.Sprintf("文件过大，最大允许 %s", humanSize(limit)), nil)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// format is what detect found in the content.
type format int

const (
	fmtUnknown format = iota
	fmtZip
	fmtPDF
	fmtOLE
	fmtText
	fmtImage
	fmtRTF
)

var (
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicZip = []byte("PK\x03\x04")
)

// detect tells the format by the magic number at offset 0 only. PDF
// readers also accept "%PDF-" anywhere in the first kilobyte, but a text
// file quoting it (a note about a PDF) was then refused as a broken PDF
// (issue 14); a real PDF with bytes before its header is rare enough to
// ask for a re-save.
func detect(data []byte) format {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.HasPrefix(data, magicZip), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return fmtZip
	case bytes.HasPrefix(data, magicOLE):
		return fmtOLE
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return fmtPDF
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return fmtRTF
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(data, []byte("GIF8")), bytes.HasPrefix(data, []byte("II*\x00")),
		bytes.HasPrefix(data, []byte("MM\x00*")), bytes.HasPrefix(data, []byte("BM")) && len(data) > 26 && bytes.IndexByte(head, 0) >= 0,
		len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return fmtImage
	}
	return fmtText
}

func extractBytes(name string, data []byte, opt Options) (*Document, error) {
	if int64(len(data)) > opt.MaxBytes {
		return nil, tooLarge(opt.MaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, newErr(CodeEmpty, msgEmpty, nil)
	}
	switch detect(data) {
	case fmtZip:
		return extractDocx(name, data, opt)
	case fmtPDF:
		return extractPDF(name, data, opt)
	case fmtOLE:
		return extractOLE(name, data, opt)
	case fmtImage:
		return nil, newErr(CodeUnsupported, msgImage, nil)
	case fmtRTF:
		return nil, newErr(CodeUnsupported, "暂不支持 RTF 文件，请另存为 .docx 后上传", nil)
	}
	return extractText(name, data, opt)
}

func hasExt(name string, exts ...string) bool {
	e := strings.ToLower(filepath.Ext(name))
	for _, x := range exts {
		if e == x {
			return true
		}
	}
	return false
}

// namedFormats are the formats a file name's extension promises.
var namedFormats = map[string][]string{
	".docx": {"docx"}, ".pdf": {"pdf"}, ".txt": {"txt", "md"}, ".md": {"md", "txt"}, ".markdown": {"md", "txt"},
	".doc": {"doc", "docx"}, ".wps": {"wps", "doc", "docx"},
}

// CheckName refuses a document whose content is not what its file name
// says (a web page or a text file renamed to .docx): the original must
// open in the program its name promises when someone downloads it, and
// the command line and the web must accept the same files. Names with
// another extension, or none, are judged by their content alone.
func CheckName(name, format string) error {
	want, ok := namedFormats[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return nil
	}
	for _, f := range want {
		if f == format {
			return nil
		}
	}
	return newErr(CodeMismatch, fmt.Sprintf("文件内容与扩展名不符（扩展名为 %s，内容为 %s 格式）。请用原程序另存为正确的格式后上传",
		filepath.Ext(name), format), nil)
}
