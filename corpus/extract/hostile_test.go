package extract_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus/extract"
	"lawreview/corpus/extract/extracttest"
)

// The hostile files at the source: each is read, or refused with its code
// and a Chinese message, under the limits the web and the CLI use for
// drafts. (The web's suite adds names, review limits, time and memory.)
func TestHostileFiles(t *testing.T) {
	files := extracttest.Files(func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	opt := extract.Options{MaxChars: 200_000, MaxParagraphs: 10_000}
	for _, f := range files {
		if f.Class == "name" {
			continue
		}
		t.Run(f.Class+"/"+f.Note, func(t *testing.T) {
			doc, err := extract.Bytes(f.Name, f.Data, opt)
			if err == nil {
				err = extract.CheckName(f.Name, doc.Format)
			}
			got := extracttest.Accepted
			if err != nil {
				got = string(extract.CodeOf(err))
				var xe *extract.Error
				if !errors.As(err, &xe) || !strings.ContainsFunc(xe.Msg, isHan) {
					t.Errorf("error without a Chinese message: %v", err)
				}
			}
			want := f.Want
			if want == extracttest.Limit {
				want = extracttest.Accepted // refused by the review, not here
			}
			if got != want {
				t.Errorf("got %s, want %s (%v)", got, want, err)
			}
		})
	}
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }
