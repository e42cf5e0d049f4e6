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
		// (Round 34, t21a.) A commenter's proposal the office refuses on the
		// same row is not its rule; one it adopts, or a rule of its own, is.
		{"proposal refused in a table row", "其他", "| 序号 | 意见 | 采纳情况 |\n|---|---|---|\n| 1 | 建议由教育局统一指定到县东方服饰公司购买校服。 | 不予采纳，违反反垄断法第三十九条。 |", "nd-designated-supplier", false},
		{"proposal refused in prose", "其他", "有群众提出，各村保洁统一委托指定的县环卫公司承接。经研究，该意见不予采纳。", "nd-designated-supplier", false},
		{"proposal refused in the next cell", "其他", "序号\n意见及建议\n采纳情况\n1\n建议由教育局统一指定到县东方服饰公司购买校服。\n不予采纳。违反反垄断法第三十九条。", "nd-designated-supplier", false},
		{"proposal adopted", "其他", "| 1 | 建议由教育局统一指定到县东方服饰公司购买校服。 | 采纳。 |", "nd-designated-supplier", true},
		{"own rule beside a refused comment", "规范性文件", "学生校服统一到县东方服饰公司购买。对上述规定有意见的，经研究不予采纳。", "nd-designated-supplier", true},
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

// TestPowerListIsReported: a list of the powers laws give an office, each
// with its legal basis, publishes the law (行政处罚法 第三十九条); the same
// penalty in a measure the office makes, in its 裁量基准 or a fee list, is
// read as its own.
func TestPowerListIsReported(t *testing.T) {
	e := testEngine(t)
	row := "对擅自占用村道堆放物品的处罚 | 《公路安全保护条例》第五十六条 由公路管理机构责令限期拆除，可以处5万元以下的罚款。 | 处2000元以上1万元以下罚款"
	for _, tc := range []struct {
		title, text string
		want        bool // a finding of a rule setting penalties
	}{
		{"某镇人民政府行政处罚事项清单", "序号 | 事项名称 | 设定依据 | 处罚标准\n" + row, false},
		{"某乡权责清单（2024年版）", "一、行政处罚类\n1. 对未经批准建住宅的处罚。实施依据：《村庄和集镇规划建设管理条例》第三十七条。处以罚款。", false},
		// Not a list of the law's powers: the office's own measure, its
		// discretion, its fees.
		{"某镇关于加强村道管理的通知", "对擅自占用村道堆放物品的，处2000元以上1万元以下罚款。", true},
		{"某镇行政处罚裁量基准", "序号 | 事项名称 | 设定依据 | 处罚标准\n" + row, true},
		{"某镇行政处罚事项清单", "对擅自占用村道堆放物品的，处2000元以上1万元以下罚款。", true},
	} {
		rep, err := e.Review(Input{Title: tc.title, Text: tc.title + "\n" + tc.text}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, f := range rep.Findings {
			if !f.Document && (f.Rule == "nd-penalty" || f.Rule == "nd-township-penalty" || contains(f.Merged, "nd-penalty")) {
				got = true
			}
		}
		if got != tc.want {
			t.Errorf("%s: penalty finding %v, want %v (findings %v)", tc.title, got, tc.want, rules(rep))
		}
	}
}
