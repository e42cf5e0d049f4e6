package annotate

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"lawreview/corpus/docx"
)

func wellFormed(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// FuzzEdit feeds arbitrary document.xml to the run model and checks that
// whatever it accepts comes back well-formed with a comment and a change.
func FuzzEdit(f *testing.F) {
	f.Add([]byte(fixtureDocument), "罚款", "不罚")
	f.Add([]byte(`<w:document `+fxW+`><w:body><w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙丙</w:t></w:r></w:p></w:body></w:document>`), "乙", "")
	f.Add([]byte(`<w:document `+fxW+`><w:body><w:p><w:r/><w:r><w:t/></w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p></w:body></w:document>`), "链", "x")
	f.Fuzz(func(t *testing.T, doc []byte, quote, repl string) {
		if !wellFormed(doc) {
			return
		}
		pkg, err := docx.Open(buildFixture(t, map[string]string{"document": string(doc)}), 0)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pkg.ReadBody()
		if err != nil {
			return
		}
		fd := newFinder(b, nil, nil, nil)
		ed, err := pkg.Edit(b)
		if err != nil || len(fd.chars) == 0 {
			return
		}
		first, last, _ := fd.locate(quote, 0, "")
		from, to := b.Range(fd.chars[first].Pos, fd.chars[last].Pos)
		if err := ed.Comment(from, to, docx.Comment{Author: "李明", Date: when, Text: "批注"}); err != nil {
			t.Fatal(err)
		}
		ed.Change(from, to, repl, "李明", when)
		out, err := ed.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if body := part(t, readZip(t, out), "word/document.xml"); !wellFormed(body) {
			t.Fatalf("output not well-formed:\n%s", body)
		}
		again, err := docx.Open(out, 0)
		if err == nil {
			_, err = again.ReadBody()
		}
		if err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
	})
}
