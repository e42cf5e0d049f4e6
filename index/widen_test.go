package index

import (
	"context"
	"strings"
	"testing"
)

// A quoted phrase no article holds as written is searched as words, and the
// result says so; one an article holds is searched as typed.
func TestWidenedPhrases(t *testing.T) {
	ix := buildIndex(t, append(testLaws(),
		mkLaw("中华人民共和国立法法", "2023-03-13", "法律", "",
			"规章应当自公布之日起30日后施行；但是，涉及国家安全的，可以自公布之日起施行。"))...)
	ctx := context.Background()
	for _, tc := range []struct {
		name, text string
		phrase     bool
		first      string // LawID + " " + Article, "" = no hit
		widened    bool
	}{
		{"held as written", `"不得收回"`, false, "农村土地承包法@2018-12-29 第二条", false},
		{"numeral written otherwise", `"公布之日起三十日后施行"`, false, "立法法@2023-03-13 第一条", true},
		{"words out of order", `"收回不得"`, false, "农村土地承包法@2018-12-29 第二条", true},
		{"phrase search stays strict", `公布之日起三十日后施行`, true, "", false},
		{"no word anywhere", `"一户一宅"`, false, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, Query{Text: tc.text, Phrase: tc.phrase})
			if err != nil {
				t.Fatal(err)
			}
			first := ""
			if len(r.Hits) > 0 {
				first = r.Hits[0].LawID + " " + r.Hits[0].Article
			}
			if first != tc.first {
				t.Errorf("first hit %q, want %q", first, tc.first)
			}
			if got := strings.Contains(r.Notice, "按词检索"); got != tc.widened {
				t.Errorf("notice %q, widened %v", r.Notice, tc.widened)
			}
		})
	}
	// a later page is widened as the first is
	r, err := ix.Search(ctx, Query{Text: `"公布之日起三十日后施行"`, From: 1})
	if err != nil || !strings.Contains(r.Notice, "按词检索") {
		t.Errorf("second page: %v %+v", err, r)
	}
}

// Every quote that opens a phrase sends a query through the widening.
func TestQuoteRunes(t *testing.T) {
	for r := range closingQuote {
		if !strings.ContainsRune(quoteRunes, r) {
			t.Errorf("quoteRunes lacks %q, which opens a phrase", r)
		}
	}
}
