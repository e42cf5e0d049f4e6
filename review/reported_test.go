package review

import "testing"

// A draft that quotes another document's provision in order to delete or
// repeal it, or names a document by its title, is not laying down that
// provision; the same words as a live clause still are.
func TestReportedContentIsNotTheDraftsOwn(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		name, typ, text, rule string
		want                  bool
	}{
		{"live coercion", "规范性文件", "对违规经营户，由镇政府暂扣其经营物品。", "nd-coercion", true},
		{"quoted to delete", "决定", "该办法第十五条规定对经营户暂扣物品，超出乡人民政府规范性文件的制定权限，予以删除。", "nd-coercion", false},
		{"live fee", "规范性文件", "集镇区经营户每月收取门前卫生保洁费50元。", "nd-fees", true},
		{"fee quoted to repeal", "决定", "该通知设定的每月收取门前卫生保洁费50元没有法律、法规依据，予以废止。", "nd-fees", false},
		{"fee named in a title", "决定", "《长岭乡关于收取集镇区门前卫生保洁费的通知》同时废止。", "nd-fees", false},
		{"quoted but kept", "决定", "该办法第十五条规定对经营户暂扣物品，继续执行。", "nd-coercion", true},
		// (Round 28, t14a.) The addressee's failure to comply, named as the
		// condition of a duty: 该文件 is the draft itself, 不符合 says who acts.
		{"non-compliance as a condition", "规范性文件", "区属国有企业原有银行账户不符合该文件规定的，需在规定时间内变更至指定范围的银行。", "nd-designated-supplier", true},
		{"mismatch as a condition", "规范性文件", "原有账户与该文件规定不符的，须于年底前迁至指定名单内的银行。", "nd-designated-supplier", true},
		{"designation quoted to delete", "决定", "该文件第三条规定企业须在本县银行开设账户，与反垄断法不符，予以删除。", "nd-designated-supplier", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := e.Review(Input{Text: "某镇文件\n" + tc.text}, Options{Type: tc.typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range rep.Findings {
				if f.Rule == tc.rule || contains(f.Merged, tc.rule) {
					got = true
				}
			}
			if got != tc.want {
				t.Errorf("%s on %q: reported=%v, want %v (findings %v)", tc.rule, tc.text, got, tc.want, rules(rep))
			}
		})
	}
}

func rules(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule)
	}
	return out
}
