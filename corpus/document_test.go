package corpus

import (
	"archive/zip"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lawLines is a law as the national law database prints it: title, history
// in parentheses, a table of contents, indented articles.
var lawLines = []string{
	"中华人民共和国示例许可法",
	"（2003年8月27日第十届全国人民代表大会常务委员会第四次会议通过　根据2019年4月23日第十三届全国人民代表大会常务委员会第十次会议《关于修改〈中华人民共和国建筑法〉等八部法律的决定》修正）",
	"目　　录",
	"第一章　总　　则",
	"第二章　附　　则",
	"第一章　总　　则",
	"　　第一条　为了规范示例许可的设定和实施，制定本法。",
	"　　第二条　下列事项可以设定示例许可：",
	"　　（一）直接涉及国家安全的事项；",
	"　　（二）法律、行政法规规定的其他事项。",
	"　　其他规范性文件一律不得设定示例许可。",
	"第二章　附　　则",
	"　　第三条　本法自2004年7月1日起施行。",
}

func writeDocx(t *testing.T, path string, paras []string) {
	t.Helper()
	var body strings.Builder
	for _, p := range paras {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(p) + `</w:t></w:r></w:p>`)
	}
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`},
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, file := range files {
		w, err := zw.Create(file.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(file.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestImportDocxAndText imports the same law as .docx and as .txt (and a
// broken .docx) and expects identical articles from both.
func TestImportDocxAndText(t *testing.T) {
	dir := t.TempDir()
	docx := filepath.Join(dir, "示例许可法.docx")
	txt := filepath.Join(dir, "行政法", "示例许可法.txt")
	writeDocx(t, docx, lawLines)
	if err := os.MkdirAll(filepath.Dir(txt), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(txt, []byte(strings.Join(lawLines, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "坏.docx")
	if err := os.WriteFile(broken, []byte("PK\x03\x04 not really a zip"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{docx, txt} {
		c, r := Import(path)
		if r.Versions != 1 || len(r.Skipped) != 0 {
			t.Fatalf("%s: %+v", path, r)
		}
		l, err := c.Resolve("示例许可法", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Name != "中华人民共和国示例许可法" || l.ID != "示例许可法@2019-04-23" || len(l.History) != 2 || l.Level != "法律" {
			t.Errorf("%s: %q %q history %d level %q", path, l.Name, l.ID, len(l.History), l.Level)
		}
		want := []struct{ label, chapter, text string }{
			{"第一条", "第一章 总则", "为了规范示例许可的设定和实施，制定本法。"},
			{"第二条", "第一章 总则", "下列事项可以设定示例许可：\n（一）直接涉及国家安全的事项；\n（二）法律、行政法规规定的其他事项。\n其他规范性文件一律不得设定示例许可。"},
			{"第三条", "第二章 附则", "本法自2004年7月1日起施行。"},
		}
		if len(l.Articles) != len(want) {
			t.Fatalf("%s: %d articles: %+v", path, len(l.Articles), l.Articles)
		}
		for i, w := range want {
			a := l.Articles[i]
			if a.Label != w.label || a.Chapter() != w.chapter || a.Text != w.text {
				t.Errorf("%s article %d: %s %q %q; want %s %q %q", path, i, a.Label, a.Chapter(), a.Text, w.label, w.chapter, w.text)
			}
		}
	}
	_, r := Import(broken)
	if len(r.Skipped) != 1 || r.Skipped[0].Reason != SkipUnparsable {
		t.Errorf("broken docx: %+v", r.Skipped)
	}
}
