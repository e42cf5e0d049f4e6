package annotate

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
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
		m, err := parseModel(doc)
		if err != nil || len(m.stream) == 0 || !wellFormed(doc) {
			return
		}
		first, last, _, ok := m.locate(quote, 0, "")
		if !ok {
			t.Fatal("locate failed on a document with text")
		}
		e := &editor{m: m, nextID: m.maxID + 10}
		from, to := m.span(first, last)
		e.addComment(m.maxID+1, from, to, 0)
		e.addChange(from, to, repl, "李明", when, 1)
		out := e.apply()
		if !wellFormed(out) {
			t.Fatalf("output not well-formed:\n%s", out)
		}
		if _, err := parseModel(out); err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
	})
}
