package review

import (
	"strings"
	"testing"
)

// TestNegatedAt checks the negation grammar on the text before a match,
// marked with [ ]: a negator governing the act cancels, a condition, a
// refusal or an obligation between them does not.
func TestNegatedAt(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		text string
		want bool
	}{
		{"对大操大办的，上门劝导，不[罚款]、不收费。", true},
		{"任何人不得以任何理由[剥夺]村民的选举权利。", true},
		{"村委会无权[没收]村民财物。", true},
		{"严禁对村民[罚款]。", true},
		{"一律不得擅自[扣押]车辆。", true},
		{"村委会不得以未交清费用为由[取消]其分红资格。", true},
		{"禁止采取[停水停电]等方式催缴。", true},
		{"调解不[收取]任何费用。", true},
		{"物业不得采取锁车、[停水停电]等方式催缴。", true},
		{"村民不得私自建房、乱堆乱放，否则[罚款]。", false},
		// conditions, refusals, obligations and additions are no negation of the act
		{"不按时缴纳的[罚款]200元。", false},
		{"拒不[缴纳]水费的，停止供水。", false},
		{"不得不[罚款]。", false},
		{"不仅[罚款]，还要通报。", false},
		{"不服从管理的[没收]工具。", false},
		// (Round 47a.) 不限于 opens an open list: its items are imposed
		{"处罚措施包括但不限于警告、[罚款]等。", false},
		{"处理方式不仅限于[罚款]。", false},
		{"采取包括但不局限于锁车、[停水停电]等措施。", false},
		// a negator in an earlier clause governs that clause only
		{"不得乱倒垃圾，否则[罚款]100元。", false},
		{"村民不得上访，违者[罚款]。", false},
		{"[罚款]。", false},
	}
	for _, c := range cases {
		i := strings.Index(c.text, "[")
		j := strings.Index(c.text, "]")
		if i < 0 || j < i {
			t.Fatalf("bad case %q", c.text)
		}
		text := c.text[:i] + c.text[i+1:j] + c.text[j+1:]
		pos := len([]rune(c.text[:i]))
		d := newDoc(e.seg, "", text)
		if got := d.negatedAt(pos); got != c.want {
			t.Errorf("negatedAt(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestNegatableRules reviews whole sentences: a negated sanction is not
// reported, while a prohibition addressed to villagers (the unlawful
// content itself) and a deprivation expressed by a negation still are.
func TestNegatableRules(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		typ, rule, text string
		want            bool
	}{
		{"村规民约", "vr-fine", "对大操大办的，由红白理事会上门劝导，不罚款、不收费。", false},
		{"村规民约", "vr-fine", "红白喜事不罚款、不收费；乱倒垃圾的，每次罚款50元。", true},
		{"村规民约", "vr-fine", "不按时清扫门前卫生的罚款20元。", true},
		{"村规民约", "vr-voting-rights", "任何人不得以任何理由剥夺村民的选举权利。", false},
		{"村规民约", "vr-voting-rights", "拖欠承包款的农户，不得参加村委会选举。", true},
		{"村规民约", "vr-confiscate", "村委会无权没收村民的财物。", false},
		{"村规民约", "vr-confiscate", "拒不清理的，没收其堆放物品。", true},
		{"村规民约", "vr-women-rights", "外嫁女不得享受本村集体收益分配。", true},
		{"村规民约", "vr-women-rights", "任何人不得以出嫁为由取消外嫁女的集体收益分配。", false},
		{"村规民约", "vr-petition", "村民不得越级上访。", true},
		{"村规民约", "vr-withhold-services", "对不交卫生费的农户，村委会不予办理各类证明。", true},
		{"居民公约", "vr-coercion", "欠交物业费的，物业不得采取停水停电等方式催缴。", false},
		{"规范性文件", "nd-fees", "办理相关手续一律不收取任何费用。", false},
		// denial after the act: at the end of its clause, of its list, or
		// as the next clause on its own
		{"村规民约", "vr-fine", "以往对乱倒垃圾罚款的做法一律取消。", false},
		{"居民公约", "vr-mediation-fee", "调解员，讲公道；调解费，不收取。", false},
		{"居民公约", "vr-mediation-fee", "调解费，每件五十元。", true},
		{"村规民约", "vr-fees", "原收取的卫生费、治安费、暂住费等一律取消。", false},
		{"居民公约", "vr-deposit", "装修押金不再收取。", false},
		{"村规民约", "vr-fine", "不按时缴纳的，罚款200元。", true},
		{"村规民约", "vr-fine", "拒不清理的，罚款100元。", true},
		// a denial with an object after it is a new act, and 不予退还 is
		// about the money: the sanction stands
		{"村规民约", "vr-fine", "乱倒垃圾的罚款200元，不予退还。", true},
		{"村规民约", "vr-fine", "违者罚款200元，取消当年分红。", true},
		{"村规民约", "vr-fine", "违者罚款二百元，不再另行通知。", true},
		{"居民公约", "vr-deposit", "装修押金每户三千元，不再退还。", true},
	}
	for _, c := range cases {
		rep, err := e.Review(Input{Text: c.text}, Options{Type: c.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, c.text, rep)
		if got := flagged(rep, c.rule) != nil; got != c.want {
			t.Errorf("[%s] %s on %q: flagged %v, want %v (%v)", c.typ, c.rule, c.text, got, c.want, ruleIDs(rep))
		}
	}
}

func TestNegatableNeedsMatch(t *testing.T) {
	src := "id: x\ntitle: t\nitem: 程序合法性\ntypes: [决定]\nseverity: warning\nscope: document\nnegatable: true\n" +
		"require: {any: [听证]}\nmessage: m\nbasis: [{law: 宪法, article: 第一条}]\nexamples: {trigger: [a]}\n"
	if _, err := ParseRule("x.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "negatable") {
		t.Errorf("negatable on a document rule: err = %v, want a negatable error", err)
	}
}
