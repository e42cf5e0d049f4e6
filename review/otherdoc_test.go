package review

import (
	"slices"
	"testing"
)

// TestWhenRulesOnOther: a document-level rule that reports what is there
// (whenRule) runs on a document of unknown type when the text binds
// someone, and the report then says the type was not determined; a text
// that lays nothing down gets neither (round 43f).
func TestWhenRulesOnOther(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, text string
		want       bool
	}{
		{"a campaign office pulling down, told in a report",
			"某镇严格奖惩推进治理工作\n日前，对出现一例违规用地的村委，由镇“双违”办限期拆除，并全镇通报。", true},
		{"a fire office fining, in a case list",
			"违规野外用火案例\n近日，张某在自留地烧荒，某镇森防指办联合辖区派出所根据《森林防火条例》第五十条规定，给予当事人责令停止违法行为，罚款1000元。", true},
		{"an office calling for proposals",
			"某镇人民政府党政综合办公室关于公开征集2023年民生实事项目建议的公告\n现面向社会公开征集民生实事项目的意见建议，征集日期自公告之日起至3月14日。", false},
		{"a report citing a body's guidance",
			"某镇人居环境红黑榜名单公布\n某镇根据《某省农村人居环境整治工作领导小组关于建立红黑榜制度的指导意见》，公布本月评比结果，黑榜自然村立即整改。", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := e.Review(Input{Text: c.text}, Options{Type: TypeOther, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range rep.Findings {
				if f.Rule == "nd-issuer-internal" && f.Document {
					got = true
				}
			}
			if got != c.want {
				t.Errorf("nd-issuer-internal reported %v, want %v (%v)", got, c.want, rep.Findings)
			}
			if n := slices.Contains(rep.Notices, NoticeDocumentOnOther); n != c.want {
				t.Errorf("notice %v, want %v (%v)", n, c.want, rep.Notices)
			}
		})
	}
}
