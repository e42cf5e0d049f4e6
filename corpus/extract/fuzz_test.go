package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets call extractBytes, not Bytes: Bytes recovers panics,
// which would hide the very bugs fuzzing is for.

func fuzzCheck(t *testing.T, name string, data []byte, opt Options) {
	doc, err := extractBytes(name, data, opt.withDefaults())
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Msg == "" || e.Code == "" {
			t.Fatalf("error is not a coded *Error with a message: %#v", err)
		}
		return
	}
	checkDoc(t, doc)
}

func addFiles(f *testing.F, exts ...string) {
	for _, ext := range exts {
		files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

func FuzzDocx(f *testing.F) {
	addFiles(f, ".docx", ".xlsx")
	f.Add(docxWith(f, `<w:p><w:r><w:t>第一条　字</w:t></w:r></w:p>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.docx", data, Options{MaxUncompressed: 8 << 20})
	})
}

// FuzzDocxXML mutates the XML inside a valid package, which reaches the
// parser far more often than mutating zip bytes does.
func FuzzDocxXML(f *testing.F) {
	f.Add(`<w:p><w:pPr><w:pStyle w:val="Art"/></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>`, testNumbering)
	f.Add(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`, "")
	f.Add(`<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:t>旧</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`, testNumbering)
	f.Add(`<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="2"/></w:numPr></w:pPr><w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>`, testNumbering)
	f.Fuzz(func(t *testing.T, body, numbering string) {
		data := makeZip(t,
			zipEntry{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`},
			zipEntry{"word/numbering.xml", numbering},
			zipEntry{"word/styles.xml", testStyles},
		)
		fuzzCheck(t, "f.docx", data, Options{})
	})
}

func FuzzPDF(f *testing.F) {
	addFiles(f, ".pdf")
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.pdf", data, Options{})
	})
}

func FuzzText(f *testing.F) {
	addFiles(f, ".txt")
	f.Add([]byte("第一条\u3000为了\r\n（一）项\r\n\xa0\u200b"))
	f.Add([]byte{0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5, 0x80})
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.txt", data, Options{})
	})
}

func FuzzMarkdown(f *testing.F) {
	addFiles(f, ".md")
	f.Add([]byte("# 标题\n| a | b \\| c |\n|---|---|\n> - **粗** *斜* `码` [链](u) ![图](i)\n```\ncode\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.md", data, Options{})
	})
}

func FuzzOLE(f *testing.F) {
	addFiles(f, ".doc", ".xls")
	f.Add(fixture(f, "加密文档.docx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// never start LibreOffice from the fuzzer: the compound file
		// reader is what is under test
		fuzzCheck(t, "f.doc", data, Options{Soffice: "/nonexistent/soffice"})
	})
}

// FuzzBytes feeds anything to format detection.
func FuzzBytes(f *testing.F) {
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
	f.Add([]byte("%PDF-"))
	f.Add([]byte("{\\rtf1"))
	f.Add([]byte("BM\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f", data, Options{Soffice: "/nonexistent/soffice"})
	})
}
