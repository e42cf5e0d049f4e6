package index

import (
	"slices"
	"testing"
)

// TestImplied: implied.txt reads as expand.txt does, a subject implies
// its law only in its context, and every law it names is a national law
// or administrative regulation in force in the whole corpus.
func TestImplied(t *testing.T) {
	if len(impliedLaws) < 10 {
		t.Fatalf("implied.txt: %d lines", len(impliedLaws))
	}
	for _, tc := range []struct {
		word, context, law string
		yes                bool
	}{
		{"村规民约", "村规民约 罚款", "村民委员会组织法", true},
		{"罚款", "村规民约 罚款", "行政处罚法", true},
		{"村规民约", "村规民约 罚款", "行政处罚法", false},
		{"停水停电", "停水停电 催缴", "行政强制法", true},
		{"彩礼", "彩礼", "民法典", false}, // no code: its articles answer every question
		// round 22: the things a law's chapters govern, by their own word and the everyday one
		{"社保", "不交 社保", "社会保险法", true},
		{"试用期", "试用期 工资", "劳动合同法", true},
		{"保护令", "申请 保护令", "反家庭暴力法", true},
		{"采购", "政府 采购 办公 用品", "政府采购法", true},
		{"强制执行", "镇里 申请 法院 强制执行", "行政强制法", true},
		{"强制执行", "判决 对方 不 还钱 强制执行", "行政强制法", false}, // a court's civil enforcement
		{"外地人", "房子 租给 外地人", "公平竞争审查条例", false},     // not 外地企业
		{"解除", "解除 合同", "劳动合同法", false},             // a step common to many laws
	} {
		if got := slices.Contains(implied(tc.word, tc.context), tc.law); got != tc.yes {
			t.Errorf("implied(%q, %q) has %s: %v, want %v", tc.word, tc.context, tc.law, got, tc.yes)
		}
	}
	ix, _ := fullIndex(t)
	for _, e := range impliedLaws {
		for _, name := range e.with {
			if ix.nationalLaw(name) == "" {
				t.Errorf("implied.txt names %s: no national law in force of that name", name)
			}
		}
	}
}
