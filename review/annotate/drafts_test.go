package annotate

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRepoDrafts annotates the project's sample drafts (testdata/drafts at
// the repository root) on a few quotes each.
func TestRepoDrafts(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/drafts/*.docx")
	if len(files) == 0 {
		t.Skip("no testdata/drafts/*.docx in the repository")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ex := extractText(t, src)
			var cs []Comment
			for _, p := range ex.Paragraphs {
				r := []rune(p.Text)
				if len(r) < 12 || len(cs) == 4 {
					continue
				}
				// from inside the label to past the middle: tests both the
				// numbering tolerance and splitting inside runs
				s, e := p.Start+1, p.Start+len(r)*2/3
				cs = append(cs, Comment{Start: s, End: e, Quote: string([]rune(ex.Text)[s:e]), Author: "李明", Date: when, Text: "批注"})
			}
			out, err := Annotate(src, cs)
			if err != nil {
				t.Fatal(err)
			}
			if got := extractText(t, out).Text; got != ex.Text {
				t.Errorf("text changed:\n got %q\nwant %q", got, ex.Text)
			}
			sameEntries(t, src, out, "word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "word/comments.xml")
			an := anchors(t, part(t, readZip(t, out), "word/document.xml"))
			got := parseComments(t, part(t, readZip(t, out), "word/comments.xml"))
			if len(an) != len(got) || len(got) < len(cs) {
				t.Fatalf("%d ranges, %d comments, %d new", len(an), len(got), len(cs))
			}
			// the draft's own comments come first
			for i, c := range got[len(got)-len(cs):] {
				a, q := squeeze(an[c.ID]), squeeze(cs[i].Quote)
				// the quote may begin inside an automatic number the runs lack
				if a == "" || !(a == q || len(q) > len(a) && q[len(q)-len(a):] == a) {
					t.Errorf("comment %d anchored on %q, quote %q", i, an[c.ID], cs[i].Quote)
				}
			}
		})
	}
}
