package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type zipEntry struct{ name, body string }

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxWith builds a minimal .docx around a document.xml body.
func docxWith(t testing.TB, body string) []byte {
	return makeZip(t,
		zipEntry{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		zipEntry{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
	)
}

// rawZip stores one entry whose compressed bytes are given, declaring the
// sizes given: a way to build bombs and liars without inflating anything.
func rawZip(t testing.TB, name string, compressed []byte, crc uint32, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(compressed)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(compressed)
	zw.Close()
	return buf.Bytes()
}

func deflateZeros(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	chunk := make([]byte, 1<<16)
	for n > 0 {
		k := min(n, len(chunk))
		fw.Write(chunk[:k])
		n -= k
	}
	fw.Close()
	return buf.Bytes()
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestErrors(t *testing.T) {
	cun := fixture(t, "村规民约.docx")
	pdf := fixture(t, "规范性文件.pdf")
	deep := strings.Repeat("<w:sdt><w:sdtContent>", 150) + `<w:p><w:r><w:t>深</w:t></w:r></w:p>` + strings.Repeat("</w:sdtContent></w:sdt>", 150)
	bomb := deflateZeros(t, 50<<20)
	liar := deflateZeros(t, 1<<20)
	tests := []struct {
		name    string
		file    string
		data    []byte
		opt     Options
		code    Code
		message string // substring of the user message
	}{
		{name: "too large", file: "村规民约.docx", data: cun, opt: Options{MaxBytes: 1000}, code: CodeTooLarge, message: "文件过大"},
		{name: "empty file", file: "a.txt", data: nil, code: CodeEmpty, message: msgEmpty},
		{name: "only spaces", file: "a.txt", data: []byte(" \r\n\u3000\t\n"), code: CodeEmpty, message: msgEmpty},
		{name: "docx without text", file: "a.docx", data: docxWith(t, `<w:p><w:r><w:t>  </w:t></w:r></w:p><w:p/>`), code: CodeEmpty, message: msgEmpty},
		{name: "docx with only deleted text", file: "a.docx", data: docxWith(t, `<w:p><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>`), code: CodeEmpty, message: msgEmpty},
		{name: "truncated docx", file: "a.docx", data: cun[:len(cun)/2], code: CodeCorrupt, message: "已损坏"},
		{name: "zip without document.xml", file: "a.docx", data: makeZip(t, zipEntry{"readme.txt", "不是 Word"}), code: CodeUnsupported, message: "不是 Word 文档"},
		{name: "empty zip", file: "a.docx", data: makeZip(t), code: CodeCorrupt, message: "已损坏"},
		{name: "renamed xlsx", file: "表格.docx", data: fixture(t, "表格.xlsx"), code: CodeUnsupported, message: "Excel"},
		{name: "renamed pptx", file: "a.docx", data: makeZip(t, zipEntry{"ppt/presentation.xml", "<p/>"}), code: CodeUnsupported, message: "PowerPoint"},
		{name: "odt", file: "a.docx", data: makeZip(t, zipEntry{"mimetype", "application/vnd.oasis.opendocument.text"}, zipEntry{"content.xml", "<x/>"}), code: CodeUnsupported, message: "OpenDocument"},
		{name: "malformed document.xml", file: "a.docx", data: docxWith(t, `<w:p><w:r><w:t>未闭合</w:r>`), code: CodeCorrupt, message: "已损坏"},
		{name: "deep xml", file: "a.docx", data: docxWith(t, deep), code: CodeTooDeep, message: msgTooDeep},
		{name: "deep styles.xml", file: "a.docx", data: makeZip(t, zipEntry{"word/document.xml", `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>字</w:t></w:r></w:p></w:body></w:document>`}, zipEntry{"word/styles.xml", strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300)}), code: CodeTooDeep, message: msgTooDeep},
		{name: "zip bomb by ratio", file: "a.docx", data: rawZip(t, "word/document.xml", bomb, 0, 50<<20), code: CodeZipBomb, message: msgZipBomb},
		{name: "zip bomb by total", file: "村规民约.docx", data: cun, opt: Options{MaxUncompressed: 10000}, code: CodeZipBomb, message: msgZipBomb},
		{name: "zip entry lying about its size", file: "a.docx", data: rawZip(t, "word/document.xml", liar, 0, 100), code: CodeCorrupt, message: "已损坏"},
		{name: "image", file: "scan.docx", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), code: CodeUnsupported, message: "图片"},
		{name: "jpeg", file: "scan.pdf", data: []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, code: CodeUnsupported, message: "图片"},
		{name: "rtf", file: "a.doc", data: []byte(`{\rtf1\ansi 第一条}`), code: CodeUnsupported, message: "请另存为 .docx"},
		{name: "binary", file: "a.txt", data: []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), code: CodeUnsupported, message: "无法识别的文件格式"},
		{name: "unknown 8-bit encoding", file: "a.txt", data: []byte("\xa9\x80\xfe\x81\x9a\x8f\xd6\xe8\x81\x30\x81\x30\xfe\xfe\xa1\x40\x99\x99"), code: CodeUnsupported, message: msgEncoding},
		{name: "encrypted docx", file: "加密文档.docx", data: fixture(t, "加密文档.docx"), code: CodeEncrypted, message: "请取消密码后上传"},
		{name: "excel 97", file: "表格.doc", data: fixture(t, "表格.xls"), code: CodeUnsupported, message: "Excel"},
		{name: "broken compound file", file: "a.doc", data: append(append([]byte{}, magicOLE...), make([]byte, 100)...), code: CodeCorrupt, message: "已损坏"},
		{name: "doc without LibreOffice", file: "村规民约.doc", data: fixture(t, "村规民约.doc"), opt: Options{Soffice: "/nonexistent/soffice"}, code: CodeNeedDocx, message: "请另存为 .docx 后上传"},
		{name: "scanned pdf", file: "扫描件.pdf", data: fixture(t, "扫描件.pdf"), code: CodeScanned, message: "请上传 Word 文件或带文字层的 PDF"},
		{name: "encrypted pdf", file: "加密.pdf", data: fixture(t, "加密.pdf"), code: CodeEncrypted, message: "请取消密码后上传"},
		{name: "truncated pdf", file: "a.pdf", data: pdf[:2000], code: CodeCorrupt, message: msgCorruptPD},
		{name: "pdf header only", file: "a.pdf", data: []byte("%PDF-1.7\n%%EOF\n"), code: CodeCorrupt, message: msgCorruptPD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Bytes(tt.file, tt.data, tt.opt)
			if err == nil {
				t.Fatalf("no error; extracted %q", doc.Text)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if e.Code != tt.code {
				t.Fatalf("code = %q, want %q (%v)", e.Code, tt.code, err)
			}
			if !strings.Contains(e.Msg, tt.message) {
				t.Errorf("message %q lacks %q", e.Msg, tt.message)
			}
			if !errors.Is(err, &Error{Code: tt.code}) || CodeOf(err) != tt.code {
				t.Errorf("errors.Is / CodeOf do not match code %q", tt.code)
			}
			if !strings.HasPrefix(err.Error(), e.Msg) {
				t.Errorf("Error() = %q does not start with the message", err.Error())
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("第一条　字。\n"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		opt  Options
		code Code
	}{
		{"missing", filepath.Join(dir, "没有.docx"), Options{}, CodeRead},
		{"directory", dir, Options{}, CodeRead},
		{"too large before reading", big, Options{MaxBytes: 100}, CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File(tt.path, tt.opt)
			if CodeOf(err) != tt.code {
				t.Fatalf("File(%s) = %v, want code %q", tt.path, err, tt.code)
			}
		})
	}
	if _, err := File(big, Options{}); err != nil {
		t.Fatalf("the same file within the limit: %v", err)
	}
}

// TestErrorWrapping: the cause stays reachable for logs.
func TestErrorWrapping(t *testing.T) {
	_, err := File(filepath.Join(t.TempDir(), "没有.txt"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("cause lost: %v", err)
	}
	if errors.Is(err, &Error{Code: CodeEmpty}) {
		t.Fatal("errors.Is matched a different code")
	}
}

// A PDF that takes longer than pdfTimeout is stopped, with a message that
// says so, and the pool serves the next file as usual.
func TestPDFTimeout(t *testing.T) {
	pdf := fixture(t, "规范性文件.pdf")
	saved := pdfTimeout
	pdfTimeout = time.Millisecond
	_, err := Bytes("慢.pdf", pdf, Options{})
	pdfTimeout = saved
	if CodeOf(err) != CodeTooLong || !strings.Contains(err.Error(), "秒仍未完成") {
		t.Fatalf("extraction past the timeout: %v, want too_long with the time", err)
	}
	if _, err := Bytes("快.pdf", pdf, Options{}); err != nil {
		t.Fatalf("the next extraction: %v", err)
	}
}

// The sandbox's memory comes back when an extraction ends, whatever it
// used, and stays within its budget.
func TestPDFMemoryBudget(t *testing.T) {
	before := pdfMemory.used
	if _, err := Bytes("a.pdf", fixture(t, "规范性文件.pdf"), Options{}); err != nil {
		t.Fatal(err)
	}
	if pdfMemory.used != before {
		t.Errorf("sandbox memory held after the extraction: %d bytes, before %d", pdfMemory.used, before)
	}
	if pdfMemory.peak > pdfMemoryTotal || pdfMemory.peak == 0 {
		t.Errorf("peak %d bytes, budget %d", pdfMemory.peak, pdfMemoryTotal)
	}
}
