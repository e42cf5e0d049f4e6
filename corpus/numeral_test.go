package corpus

import (
	"errors"
	"strconv"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "零"},
		{1, "一"},
		{10, "十"},
		{11, "十一"},
		{19, "十九"},
		{20, "二十"},
		{99, "九十九"},
		{100, "一百"},
		{101, "一百零一"},
		{105, "一百零五"},
		{110, "一百一十"},
		{111, "一百一十一"},
		{120, "一百二十"},
		{123, "一百二十三"},
		{1000, "一千"},
		{1001, "一千零一"},
		{1010, "一千零一十"},
		{1041, "一千零四十一"},
		{1100, "一千一百"},
		{1260, "一千二百六十"},
		{2000, "二千"},
		{10000, "一万"},
		{10010, "一万零一十"},
		{-3, "负三"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.n); got != tt.want {
			t.Errorf("FormatNumber(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"十", 10},
		{"一十", 10},
		{"十六", 16},
		{"一百一十", 110},
		{"一百十", 110},
		{"一百零五", 105},
		{"一千零四十一", 1041},
		{"一千二百六十", 1260},
		{"两千", 2000},
		{"二〇二三", 2023},
		{"一万零一十", 10010},
		{"16", 16},
		{"１６", 16},
		{" 123 ", 123},
		{"贰佰", 200},
		{"伍拾", 50},
		{"叁拾伍", 35},
		{"卅", 30},
		{"廿五", 25},
		{"二百卅", 230},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "条", "十十", "百", "一二百", "万", "一百零", "1a", "123456789", "廿十"} {
		if _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) succeeded, want an error", bad)
		} else if _, ok := errors.AsType[*NumberError](err); !ok {
			t.Errorf("ParseNumber(%q) error %T, want *NumberError", bad, err)
		}
	}
}

// TestNumberRoundTrip covers every article number a Chinese law can have.
func TestNumberRoundTrip(t *testing.T) {
	for n := 1; n <= 3000; n++ {
		s := FormatNumber(n)
		got, err := ParseNumber(s)
		if err != nil || got != n {
			t.Fatalf("ParseNumber(FormatNumber(%d) = %q) = %d, %v", n, s, got, err)
		}
		if got, _ := ParseNumber(strconv.Itoa(n)); got != n {
			t.Fatalf("ParseNumber(%q) = %d", strconv.Itoa(n), got)
		}
		label := ArticleLabel(n, n%3)
		num, sub, err := ParseArticleLabel(label)
		if err != nil || num != n || sub != n%3 {
			t.Fatalf("ParseArticleLabel(%q) = %d, %d, %v", label, num, sub, err)
		}
	}
}

func TestArticleLabel(t *testing.T) {
	tests := []struct {
		in       string
		num, sub int
		label    string
	}{
		{"第十条", 10, 0, "第十条"},
		{"第一百一十条", 110, 0, "第一百一十条"},
		{"第一百零五条", 105, 0, "第一百零五条"},
		{"第一千零四十一条", 1041, 0, "第一千零四十一条"},
		{"第一千二百六十条", 1260, 0, "第一千二百六十条"},
		{"第二十条之一", 20, 1, "第二十条之一"},
		{"第二十三条之二", 23, 2, "第二十三条之二"},
		{"第16条", 16, 0, "第十六条"},
		{"16", 16, 0, "第十六条"},
		{"十六", 16, 0, "第十六条"},
		{"第 16 条", 16, 0, "第十六条"},
		{"20之1", 20, 1, "第二十条之一"},
		{"第１６条", 16, 0, "第十六条"},
	}
	for _, tt := range tests {
		num, sub, err := ParseArticleLabel(tt.in)
		if err != nil || num != tt.num || sub != tt.sub {
			t.Errorf("ParseArticleLabel(%q) = %d, %d, %v; want %d, %d", tt.in, num, sub, err, tt.num, tt.sub)
			continue
		}
		if got := ArticleLabel(num, sub); got != tt.label {
			t.Errorf("ArticleLabel(%d, %d) = %q, want %q", num, sub, got, tt.label)
		}
	}
	for _, bad := range []string{"", "第条", "第零条", "第十条之", "第十条之零", "第十款", "abc", "第十六条第二款"} {
		if _, _, err := ParseArticleLabel(bad); err == nil {
			t.Errorf("ParseArticleLabel(%q) succeeded, want an error", bad)
		} else if _, ok := errors.AsType[*LabelError](err); !ok {
			t.Errorf("ParseArticleLabel(%q) error %T, want *LabelError", bad, err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"一百二十三", "十", "一千零四十一", "16", "二〇二三", "一万零一十", "两百"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseNumber(%q) = %d < 0", s, n)
		}
		// Whatever parses must format to a form that parses back to it.
		if back, err := ParseNumber(FormatNumber(n)); err != nil || back != n {
			t.Fatalf("round trip of %d via %q: %d, %v", n, FormatNumber(n), back, err)
		}
	})
}
