package precedent

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"lawreview/review/precedent"
)

// The generator makes realistic synthetic precedents for benchmarks only:
// it lives in a test file so that no synthetic record can ever ship as
// data. Clauses follow the problems township drafts really have (fines,
// shaming, married-out women, petitions, land, deposits), with the
// amounts, subjects and places varied so that no two are the same.

type genRule struct {
	rule, problem, fix string
	clauses            []string // %s subject, %d amount
	lawful             []string // wordings reviewers dismissed
	basis              []precedent.Basis
}

var genRules = []genRule{
	{"vr-fine", "村规民约不得设定罚款等经济处罚", "删除罚款内容，改为批评教育、责令改正",
		[]string{"对%s的，由村委会处以%d元罚款", "凡%s者，罚款%d元", "%s的，每次罚交%d元", "违反本条规定%s的，处%d元以下罚款"},
		[]string{"%s造成损失的，照价赔偿", "%s的，由有关部门依法处理"},
		[]precedent.Basis{{Law: "村民委员会组织法", Article: "第二十七条"}, {Law: "行政处罚法", Article: "第十六条"}}},
	{"vr-public-shaming", "公开曝光他人姓名照片侵害人格尊严和名誉权", "删除曝光内容，改为批评教育",
		[]string{"对%s的，在村务公开栏公开曝光", "%s的，张榜公布其姓名并通报全村", "对%s的村民在广播中点名批评"},
		[]string{"%s的处理结果在村务公开栏公布，不公开个人信息"},
		[]precedent.Basis{{Law: "民法典", Article: "第一千零二十四条"}}},
	{"vr-married-out-women", "剥夺外嫁女的集体经济组织成员权益，违反男女平等原则", "删除歧视性条款，按成员资格确认办法处理",
		[]string{"外嫁女及其子女不再享受本村集体经济组织收益分配", "出嫁女户口未迁出的，不得参与%s分配", "离婚妇女及其子女不享有%s分配资格"},
		[]string{"户口迁出本村的，按照村民会议决定办理%s手续"},
		[]precedent.Basis{{Law: "妇女权益保障法", Article: "第五十五条"}}},
	{"vr-petition", "限制村民依法信访的权利", "删除限制信访的内容",
		[]string{"村民不得越级上访，违者取消%s资格", "对%s越级上访的，取消当年福利"},
		[]string{"村民反映问题应当依法逐级反映，村委会应当及时答复"},
		[]precedent.Basis{{Law: "信访工作条例", Article: "第二十一条"}}},
	{"vr-deposit", "村委会无权收取押金、保证金", "删除押金内容",
		[]string{"村民建房须向村委会缴纳押金%d元", "%s须交纳保证金%d元，违约不予退还"},
		[]string{"村民建房应当依法办理审批手续"},
		[]precedent.Basis{{Law: "土地管理法", Article: "第六十二条"}}},
	{"nd-penalty", "规范性文件不得设定行政处罚", "删除处罚条款，引用上位法规定",
		[]string{"对%s的单位，由镇政府处以%d元罚款", "%s的，责令停业整顿并处%d元罚款"},
		[]string{"%s的，依照《中华人民共和国行政处罚法》有关规定处理"},
		[]precedent.Basis{{Law: "行政处罚法", Article: "第十四条"}}},
	{"ct-liability-exclusion", "免除己方责任、加重对方责任的格式条款无效", "删除免责条款",
		[]string{"乙方在%s中发生的一切安全事故由乙方自行负责，甲方概不负责", "因%s造成的任何损失甲方不承担责任"},
		[]string{"因不可抗力造成%s损失的，双方均不承担责任"},
		[]precedent.Basis{{Law: "民法典", Article: "第四百九十七条"}}},
}

var (
	genSubjects = []string{"乱倒垃圾", "偷盗集体财物", "散放家禽家畜", "私搭乱建", "损坏公共设施", "焚烧秸秆", "占用耕地建房", "赌博",
		"不参加义务劳动", "拖欠水费", "施工", "承包经营", "集体收益", "土地补偿款", "宅基地", "征地补偿"}
	genTowns    = []string{"东湖镇", "西山街道", "南河镇", "青山镇", "白水镇", "石桥镇", "柳林乡", "新城街道", "高坪镇", "马坊镇", "古城镇", "北关街道"}
	genTypes    = []string{"村规民约", "村规民约", "村规民约", "居民公约", "规范性文件", "合同"}
	genConclude = []string{"修改后合法", "修改后合法", "不合法", "合法", "退回补正"}
)

// generate returns n synthetic precedents, the same for the same seed.
func generate(n int, seed int64) []precedent.Precedent {
	r := rand.New(rand.NewSource(seed))
	out := make([]precedent.Precedent, 0, n)
	pick := func(s []string) string { return s[r.Intn(len(s))] }
	fill := func(t string) string {
		subj, amt := pick(genSubjects), (r.Intn(20)+1)*50
		switch {
		case countVerb(t, "%s") && countVerb(t, "%d"):
			return fmt.Sprintf(t, subj, amt)
		case countVerb(t, "%s"):
			return fmt.Sprintf(t, subj)
		case countVerb(t, "%d"):
			return fmt.Sprintf(t, amt)
		}
		return t
	}
	for i := 0; i < n; i++ {
		g := genRules[r.Intn(len(genRules))]
		town := pick(genTowns)
		p := precedent.Precedent{
			ID:       fmt.Sprintf("review-%d-%d", i/5+1, i+1),
			DocType:  pick(genTypes),
			Township: town,
			Date:     fmt.Sprintf("%d-%02d-%02d", 2022+r.Intn(5), r.Intn(12)+1, r.Intn(28)+1),
			Rule:     g.rule, Problem: g.problem, Fix: g.fix, Basis: g.basis,
			Conclusion: pick(genConclude), Source: precedent.SourceReview, Origin: "engine",
			ReviewID: int64(i/5 + 1), FindingID: int64(i + 1), DocumentID: int64(i/5 + 1), OfficeID: int64(r.Intn(4) + 1),
		}
		village := []string{"青山", "白石", "柳树", "后湾", "前进", "红旗", "和平"}[r.Intn(7)] + "村"
		p.DocTitle = village + p.DocType
		if r.Intn(10) < 7 {
			p.Verdict = precedent.Unlawful
			p.Clause = fill(pick(g.clauses))
		} else {
			p.Verdict = precedent.Lawful
			p.Clause = fill(pick(g.lawful))
			p.Reason = "经核实该表述不违反上位法规定，不予采纳"
		}
		p.Sentence = fmt.Sprintf("第%d条 %s；情节严重的，报请%s人民政府依法处理。", r.Intn(30)+1, p.Clause, town)
		out = append(out, p)
	}
	return out
}

func countVerb(s, verb string) bool { return bytes.Contains([]byte(s), []byte(verb)) }

// TestGenerate: the generator is deterministic and every record it makes
// is a valid JSON Lines record.
func TestGenerate(t *testing.T) {
	a, b := generate(300, 7), generate(300, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("generate is not deterministic")
	}
	var buf bytes.Buffer
	if err := precedent.Encode(&buf, a); err != nil {
		t.Fatal(err)
	}
	back, err := precedent.Decode(&buf)
	if err != nil {
		t.Fatalf("generated records do not decode: %v", err)
	}
	verdicts := map[string]int{}
	for _, p := range back {
		verdicts[string(p.Verdict)]++
		if bytes.Contains([]byte(p.Clause), []byte("%!")) {
			t.Fatalf("bad template fill: %q", p.Clause)
		}
	}
	if verdicts[precedent.Lawful] == 0 || verdicts[precedent.Unlawful] == 0 {
		t.Errorf("verdicts %v", verdicts)
	}
}
