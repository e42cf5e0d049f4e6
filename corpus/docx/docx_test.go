package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

const nsDecl = `xmlns:w="` + NSW + `" xmlns:r="` + NSR + `"`

func zipOf(t testing.TB, entries ...Part) []byte {
	t.Helper()
	data, err := Zip(entries)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func document(body string) Part {
	return Part{"word/document.xml", []byte(XMLHeader + `<w:document ` + nsDecl + `><w:body>` + body + `</w:body></w:document>`)}
}

func readPart(t testing.TB, data []byte, name string) string {
	t.Helper()
	p, err := Open(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Part(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func body(t testing.TB, data []byte) (*Package, *Body) {
	t.Helper()
	p, err := Open(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.ReadBody()
	if err != nil {
		t.Fatal(err)
	}
	return p, b
}

func charText(cs []Char) string {
	var s strings.Builder
	for _, c := range cs {
		s.WriteRune(c.R)
	}
	return s.String()
}

// TestBodyModel: the characters an editor can anchor on are exactly the
// visible text of editable runs, each tied to its run.
func TestBodyModel(t *testing.T) {
	_, b := body(t, zipOf(t, document(
		`<w:p><w:r><w:t xml:space="preserve">甲 乙</w:t><w:tab/><w:sym w:char="2605"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r>`+
			`<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r><w:r/></w:p>`+
			`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)))
	if got := charText(b.Chars()); got != "甲乙★格二" {
		t.Errorf("chars %q, want 甲乙★格二 (no space, hidden text or text box)", got)
	}
	var texts []string
	for _, bl := range b.Blocks {
		texts = append(texts, bl.Text)
	}
	if got := strings.Join(texts, "|"); got != "甲 乙\t★|框|格 二" {
		t.Errorf("blocks %q", got)
	}
	if b.Prefix != "w" || len(b.Runs) != 6 {
		t.Fatalf("prefix %q, %d runs", b.Prefix, len(b.Runs))
	}
	if r := b.Runs[3]; r.StartTag != "<w:r>" || r.Para != 0 {
		t.Errorf("self-closing run: tag %q para %d", r.StartTag, r.Para)
	}
	if r := b.Runs[5]; r.RPr != "<w:rPr><w:b/></w:rPr>" || r.Para != 3 {
		t.Errorf("last run: rPr %q para %d", r.RPr, r.Para)
	}
	cell := b.Blocks[2]
	if p, ok := cell.At(2); !ok || p != (Pos{Run: 5, Child: 0, Off: 0}) {
		t.Errorf("二 of the cell at %v %v", p, ok)
	}
	if _, ok := cell.At(1); ok {
		t.Errorf("the space joining the cell's paragraphs is placed in a run")
	}
	from, to := b.Range(Pos{0, 0, 2}, Pos{0, 0, 2})
	if from != (Pos{0, 0, 2}) || to != (Pos{0, 1, 0}) {
		t.Errorf("range of 乙: %v %v", from, to)
	}
}

// TestEditParts covers the package parts a comment needs, whatever the
// draft already has.
func TestEditParts(t *testing.T) {
	para := `<w:p><w:r><w:t>村民应当遵守村规民约。</w:t></w:r></w:p>`
	rels := func(inner string) Part {
		return Part{"word/_rels/document.xml.rels", []byte(XMLHeader + `<Relationships xmlns="` + NSRels + `">` + inner + `</Relationships>`)}
	}
	ct := Part{"[Content_Types].xml", []byte(XMLHeader + `<Types xmlns="` + NSTypes + `"></Types>`)}
	tests := []struct {
		name         string
		entries      []Part
		commentsPart string
		relID        string // the relationship id that must name the comments part
		firstID      string // w:id of the new comment
	}{
		{"no relationships part", []Part{ct, document(para)}, "word/comments.xml", "rIdLawreviewComments", "1"},
		{"our id already taken", []Part{ct, document(para), rels(`<Relationship Id="rIdLawreviewComments" Type="` + RelStyles + `" Target="styles.xml"/>`)}, "word/comments.xml", "rIdLawreviewComments1", "1"},
		{"empty comments part elsewhere", []Part{ct, document(`<w:p><w:r w:id="4"><w:t>村民</w:t></w:r></w:p>`),
			rels(`<Relationship Id="c" Type="` + RelComments + `" Target="/word/notes.xml"/>`),
			{"word/notes.xml", []byte(XMLHeader + `<w:comments ` + nsDecl + `/>`)}}, "word/notes.xml", "c", "5"},
		{"comments with ids", []Part{ct, document(para),
			rels(`<Relationship Id="c" Type="` + RelComments + `" Target="comments.xml"/>`),
			{"word/comments.xml", []byte(XMLHeader + `<w:comments ` + nsDecl + `><w:comment w:id="7" w:author="王"><w:p/></w:comment></w:comments>`)}}, "word/comments.xml", "c", "8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, b := body(t, zipOf(t, tt.entries...))
			ed, err := p.Edit(b)
			if err != nil {
				t.Fatal(err)
			}
			cs := b.Chars()
			from, to := b.Range(cs[0].Pos, cs[1].Pos)
			if err := ed.Comment(from, to, Comment{Author: "李明", Date: time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC), Text: "意见"}); err != nil {
				t.Fatal(err)
			}
			out, err := ed.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			comments := readPart(t, out, tt.commentsPart)
			if !strings.Contains(comments, `<w:comment w:id="`+tt.firstID+`" w:author="李明"`) || !strings.HasSuffix(comments, "</w:comments>") {
				t.Errorf("comments part:\n%s", comments)
			}
			if r := readPart(t, out, "word/_rels/document.xml.rels"); !strings.Contains(r, `Id="`+tt.relID+`"`) {
				t.Errorf("relationships:\n%s", r)
			}
			if c := readPart(t, out, "[Content_Types].xml"); strings.Count(c, `PartName="/`+tt.commentsPart+`"`) != 1 {
				t.Errorf("content types:\n%s", c)
			}
			if d := readPart(t, out, "word/document.xml"); !strings.Contains(d, `<w:commentRangeStart w:id="`+tt.firstID+`"/>`) {
				t.Errorf("document:\n%s", d)
			}
		})
	}
}

func TestEditErrors(t *testing.T) {
	strict := Part{"word/document.xml", []byte(`<document xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><body><p><r><t>字</t></r></p></body></document>`)}
	p, b := body(t, zipOf(t, strict))
	if len(b.Blocks) != 1 || b.Blocks[0].Text != "字" {
		t.Fatalf("strict body not read: %+v", b.Blocks)
	}
	if _, err := p.Edit(b); CodeOf(err) != CodeUnsupported {
		t.Errorf("editing a body without a WordprocessingML prefix: %v", err)
	}
	broken := zipOf(t, document(`<w:p><w:r><w:t>字</w:t></w:r></w:p>`), Part{"word/_rels/document.xml.rels", []byte(`<Relationships><Relationship Id="c" Type="` + RelComments + `" Target="comments.xml"/></Relationships>`)}, Part{"word/comments.xml", []byte(`<w:comments ` + nsDecl + `><w:comment>`)})
	p, b = body(t, broken)
	ed, err := p.Edit(b)
	if err != nil {
		t.Fatal(err)
	}
	cs := b.Chars()
	from, to := b.Range(cs[0].Pos, cs[0].Pos)
	err = ed.Comment(from, to, Comment{Author: "李明"})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeCorrupt || e.Msg == "" {
		t.Errorf("unreadable comments part: %v", err)
	}
}

// FuzzPackage feeds anything to the package reader and, when it reads a
// body, edits it: every failure is an *Error, every edit reopens.
func FuzzPackage(f *testing.F) {
	f.Add(zipOf(f, document(`<w:p><w:r><w:t>甲乙</w:t></w:r><w:ins><w:r><w:t>丙</w:t></w:r></w:ins></w:p>`)))
	f.Add(zipOf(f, document(`<w:p><w:r><w:t>甲</w:t></w:r></w:p>`), Part{"_rels/.rels", []byte(`<Relationships><Relationship Type="x/officeDocument" Target="/word/document.xml"/></Relationships>`)},
		Part{"word/_rels/document.xml.rels", []byte(`<Relationships><Relationship Id="c" Type="` + RelComments + `" Target="comments.xml"/></Relationships>`)}, Part{"word/comments.xml", []byte(`<w:comments ` + nsDecl + `/>`)}))
	f.Add(zipOf(f, Part{"xl/workbook.xml", []byte("<x/>")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fail := func(err error) {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" || e.Code == "" {
				t.Fatalf("error is not a coded *Error with a message: %#v", err)
			}
		}
		p, err := Open(data, 1<<20)
		if err != nil {
			fail(err)
			return
		}
		b, err := p.ReadBody()
		if err != nil {
			fail(err)
			return
		}
		cs := b.Chars()
		ed, err := p.Edit(b)
		if err != nil || len(cs) == 0 {
			return
		}
		from, to := b.Range(cs[0].Pos, cs[len(cs)/2].Pos)
		if err := ed.Comment(from, to, Comment{Author: "李明", Text: "意见"}); err != nil {
			fail(err)
			return
		}
		from, to = b.Range(cs[len(cs)-1].Pos, cs[len(cs)-1].Pos)
		ed.Change(from, to, "改", "李明", time.Time{})
		out, err := ed.Bytes()
		if err != nil {
			fail(err)
			return
		}
		if _, again := body(t, out); len(again.Chars()) == 0 {
			t.Fatalf("the edited body lost its text")
		}
		zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				t.Fatalf("entry %s: %v", zf.Name, err)
			}
			rc.Close()
		}
	})
}
