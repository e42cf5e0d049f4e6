package index

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want parsedQuery
	}{
		{"外嫁女 土地承包", parsedQuery{Words: []string{"外嫁女", "土地承包"}}},
		{"  外嫁女\u3000土地承包  ", parsedQuery{Words: []string{"外嫁女", "土地承包"}}},
		{`"违者罚款" 村规民约`, parsedQuery{Words: []string{"村规民约"}, Phrases: []string{"违者罚款"}}},
		{"“违者 罚款”村规民约", parsedQuery{Words: []string{"村规民约"}, Phrases: []string{"违者 罚款"}}},
		{"「户无男性」", parsedQuery{Phrases: []string{"户无男性"}}},
		{"罚款 -刑事 －治安", parsedQuery{Words: []string{"罚款"}, Exclude: []string{"刑事", "治安"}}},
		{`"未闭合的短语`, parsedQuery{Phrases: []string{"未闭合的短语"}}},
		{`"" -`, parsedQuery{Words: []string{"-"}}},
		{"a-b", parsedQuery{Words: []string{"a-b"}}},
		{"", parsedQuery{}},
	} {
		if got := parseQuery(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseQuery(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"外嫁女 土地承包", `"违者罚款" -刑事`, "“a”「b」『c』", `"`, "－", "-\"x\"", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := parseQuery(s)
		total := 0
		for _, group := range [][]string{p.Words, p.Phrases, p.Exclude} {
			for _, w := range group {
				if strings.TrimSpace(w) == "" {
					t.Fatalf("empty part in %+v", p)
				}
				total += utf8.RuneCountInString(w)
			}
		}
		if total > utf8.RuneCountInString(s) {
			t.Fatalf("parts %+v longer than input %q", p, s)
		}
	})
}
