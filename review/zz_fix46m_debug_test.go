package review

import (
	"os"
	"strings"
	"testing"
)

func TestZZFix46mDebug(t *testing.T) {
	ids := strings.Split(os.Getenv("ZZ_IDS"), ",")
	e := testEngine(t)
	for _, d := range loadReal(t, realDir) {
		for _, id := range ids {
			if d.name != id {
				continue
			}
			rep, err := e.Review(Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}, Options{At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("== %s type=%s", d.name, rep.Type)
			for _, f := range rep.Findings {
				if !f.Document {
					t.Logf("   %s %s %q merged=%v", f.Rule, f.Severity, f.Quote, f.Merged)
				}
			}
		}
	}
}
