package annotate

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lawreview/review/opinion"
)

func needSoffice(t *testing.T) {
	t.Helper()
	if _, s := opinion.Available(); !s {
		t.Skip("LibreOffice (soffice) is not installed: cannot check how the output opens")
	}
}

type odfNote struct {
	creator, text, anchor string
}

// odfNotes reads the comments LibreOffice imported from a flat ODT: the
// author and text of each office:annotation and the text between it and its
// office:annotation-end.
func odfNotes(t *testing.T, fodt []byte) []odfNote {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(fodt))
	var notes []odfNote
	byName := map[string]int{}
	open := map[string]*strings.Builder{}
	inNote, inCreator, inP := 0, false, 0
	var cur *odfNote
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("fodt: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch {
			case x.Name.Local == "annotation" && inNote == 0:
				name := ""
				for _, a := range x.Attr {
					if a.Name.Local == "name" {
						name = a.Value
					}
				}
				notes = append(notes, odfNote{})
				cur = &notes[len(notes)-1]
				byName[name] = len(notes) - 1
				open[name] = &strings.Builder{}
				inNote++
			case x.Name.Local == "annotation-end":
				for _, a := range x.Attr {
					if a.Name.Local == "name" && open[a.Value] != nil {
						notes[byName[a.Value]].anchor = open[a.Value].String()
						delete(open, a.Value)
					}
				}
			case inNote > 0 && x.Name.Local == "creator":
				inCreator = true
			case inNote > 0 && x.Name.Local == "p":
				if cur.text != "" {
					cur.text += "\n"
				}
				inP++
			}
		case xml.EndElement:
			if x.Name.Local == "annotation" && inNote > 0 {
				inNote--
			}
			if x.Name.Local == "creator" {
				inCreator = false
			}
			if x.Name.Local == "p" && inP > 0 {
				inP--
			}
		case xml.CharData:
			switch {
			case inCreator:
				cur.creator += string(x)
			case inNote > 0:
				if inP > 0 {
					cur.text += string(x)
				}
			default:
				for _, b := range open {
					b.Write(x)
				}
			}
		}
	}
	return notes
}

func convert(t *testing.T, data []byte, filter string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := opinion.Convert(ctx, data, "docx", filter)
	if err != nil {
		t.Fatalf("LibreOffice could not open the output: %v", err)
	}
	return out
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestOpensInLibreOffice opens the annotated and the revised fixture and a
// text draft in LibreOffice: the comments come through with their authors,
// texts and anchors, and the PDF shows the text.
func TestOpensInLibreOffice(t *testing.T) {
	needSoffice(t)
	src := buildFixture(t, nil)
	ex := extractText(t, src)
	specs := []quoteSpec{{quote: "每次罚款200元"}, {quote: "遵守法律法规，爱护公共财物，维护"}, {quote: "子女不再享受本村集体经济组织收益分配"}, {quote: "每户每年罚款50元"}, {quote: "村民会议", nth: 1}}
	cs := commentsFor(t, ex.Text, specs)
	out, err := Annotate(src, cs)
	if err != nil {
		t.Fatal(err)
	}
	text, err2 := AnnotateText("草案", ex.Text, cs)
	if err2 != nil {
		t.Fatal(err2)
	}
	for name, doc := range map[string][]byte{"docx": out, "text": text} {
		t.Run(name, func(t *testing.T) {
			notes := odfNotes(t, convert(t, doc, "fodt"))
			if len(notes) != len(cs) {
				t.Fatalf("LibreOffice sees %d comments, want %d", len(notes), len(cs))
			}
			// LibreOffice lists them in document order; the texts tell
			// which is which.
			quoteOf := map[string]string{}
			for _, c := range cs {
				quoteOf[squeeze(c.Text)] = squeeze(c.Quote)
			}
			for i, n := range notes {
				q, ok := quoteOf[squeeze(n.text)]
				if n.creator != "李明" || !ok || squeeze(n.anchor) != q {
					t.Errorf("comment %d in LibreOffice: %+v", i, n)
				}
				delete(quoteOf, squeeze(n.text))
			}
			pt := squeeze(pdfText(t, convert(t, doc, "pdf")))
			for _, s := range specs {
				if !strings.Contains(pt, squeeze(s.quote)) {
					t.Errorf("PDF lacks %q", s.quote)
				}
			}
		})
	}
	t.Run("revision", func(t *testing.T) {
		s := offset(t, ex.Text, "每次罚款200元", 0)
		rev, err := SuggestedRevision(src, []Change{{Start: s, End: s + 8, Quote: "每次罚款200元", Replacement: "由村委会批评教育", Author: "李明", Date: when}})
		if err != nil {
			t.Fatal(err)
		}
		fodt := string(convert(t, rev, "fodt"))
		// the fixture's own deletion and ours, and our insertion
		if d, i := strings.Count(fodt, "<text:deletion>"), strings.Count(fodt, "<text:insertion>"); d != 2 || i != 1 {
			t.Errorf("LibreOffice sees %d deletions and %d insertions, want 2 and 1", d, i)
		}
		if !strings.Contains(fodt, "李明") {
			t.Errorf("tracked changes lost their author")
		}
	})
}
