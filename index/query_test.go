package index

import "testing"

func TestKeepTerm(t *testing.T) {
	for _, tc := range []struct {
		term string
		o    termOptions
		want bool
	}{
		{"罚款", termOptions{}, true},
		{"村规民约", termOptions{}, true},
		{"借", termOptions{}, false},
		{"借", termOptions{single: true}, true},
		{"的", termOptions{single: true}, false},
		{"第五条", termOptions{}, false},
		{"第五十九条", termOptions{numbers: true}, false},
		{"五十九条", termOptions{}, false},
		{"第二十条之一", termOptions{}, false},
		{"第二款", termOptions{}, false},
		{"条款", termOptions{}, true},
		{"规章", termOptions{}, true},
		{"1月1日", termOptions{numbers: true}, false},
		{"12月", termOptions{numbers: true}, false},
		{"31日", termOptions{numbers: true}, false},
		{"日至", termOptions{}, false},
		{"2024年", termOptions{numbers: true}, false},
		{"二〇二四年", termOptions{numbers: true}, false},
		{"二十年", termOptions{}, true},
		{"30年", termOptions{numbers: true}, true},
		{"200", termOptions{}, false},
		{"200", termOptions{numbers: true}, true},
		{"年月", termOptions{}, false},
		{"。", termOptions{}, false},
	} {
		if got := keepTerm(tc.term, tc.o); got != tc.want {
			t.Errorf("keepTerm(%q, %+v) = %v, want %v", tc.term, tc.o, got, tc.want)
		}
	}
}

func TestExpansions(t *testing.T) {
	es, err := parseExpansions(expandTxt)
	if err != nil || len(es) < 50 {
		t.Fatalf("expand.txt: %d lines, %v", len(es), err)
	}
	for _, bad := range []string{"罚款 行政处罚", "罚款 =>", " => 行政处罚"} {
		if _, err := parseExpansions(bad); err == nil {
			t.Errorf("parseExpansions(%q) accepted", bad)
		}
	}
	has := func(ws []string, w string) bool {
		for _, x := range ws {
			if x == w {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		word, context, want string
		yes                 bool
	}{
		{"停水停电", "停水停电 催缴", "迫使", true},
		{"罚款", "村规民约 罚款", "财产权利", true},
		// the context must be there: a fine in a law is no village rule's
		{"罚款", "罚款 收缴", "财产权利", false},
		// the context word is not itself expanded
		{"村规民约", "村规民约 罚款", "财产权利", false},
		{"一户一宅", "宅基地 一户一宅", "一处", true},
		// a village committee's confiscation: 没收 is expanded, not 村委会
		// (非法 stood for 村委会 in every article saying 非法)
		{"没收", "村委会 没收 财物", "财产权利", true},
		{"村委会", "村委会 没收 财物", "非法", false},
		{"起诉期限", "行政诉讼 起诉期限", "知道或者应当知道", true},
		{"税收优惠", "税收优惠 特定经营者", "减税", true},
	} {
		if got := has(expand(tc.word, tc.context), tc.want); got != tc.yes {
			t.Errorf("expand(%s, %s) has %s: %v, want %v", tc.word, tc.context, tc.want, got, tc.yes)
		}
	}
}
