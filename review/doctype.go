package review

import (
	"regexp"
	"strings"
)

// DetectType guesses the document type from its title (or, without one,
// its first line) and then from the body. Titles decide most cases: drafts
// name their kind (…村规民约, …的决定, …办法, …合同); the body decides for
// untitled drafts.
func DetectType(title, text string) string {
	head := strings.TrimSpace(title)
	if head == "" {
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				head = l
				break
			}
		}
	}
	if t := typeFromTitle(head); t != "" {
		return t
	}
	body := text
	if len(body) > 6000 {
		body = body[:6000]
	}
	switch {
	case contractBody.MatchString(body):
		return "合同"
	case strings.Contains(body, "村民会议") && strings.Contains(body, "村民") && strings.Contains(body, "本村"):
		return "村规民约"
	case strings.Contains(body, "居民会议") && strings.Contains(body, "居民"):
		return "居民公约"
	case decisionBody.MatchString(body):
		return "决定"
	case normativeBody.MatchString(body):
		return "规范性文件"
	}
	return TypeOther
}

var (
	contractBody  = regexp.MustCompile(`(甲方|发包方|出租方|出让方)[（(]?[^\n]{0,10}[）)]?[:：]|(乙方|承包方|承租方|受让方)[（(]?[^\n]{0,10}[）)]?[:：]`)
	decisionBody  = regexp.MustCompile(`(?:现|特)(?:作出|作如下)?决定|决定如下`)
	normativeBody = regexp.MustCompile(`本(?:办法|规定|细则|实施细则|实施办法)(?:自|由)`)
	normativeName = regexp.MustCompile(`(?:办法|规定|细则|规则|实施意见|指导意见|意见|通知|通告|公告|方案|标准|制度|措施|若干措施|规范|守则|要点)(?:（[^）]*）)?(?:（?(?:试行|暂行|征求意见稿|草案|送审稿)）?)?$`)
)

func typeFromTitle(t string) string {
	t = strings.TrimSpace(t)
	// Drafts are often marked 草案/征求意见稿 in brackets after the name.
	for _, suffix := range []string{"（征求意见稿）", "(征求意见稿)", "（草案）", "(草案)", "（送审稿）", "（修订草案）", "（讨论稿）"} {
		t = strings.TrimSuffix(t, suffix)
	}
	switch {
	case t == "":
		return ""
	case strings.Contains(t, "村规民约") || strings.Contains(t, "村民公约") || strings.Contains(t, "村民自治章程") || strings.Contains(t, "村约"):
		return "村规民约"
	case strings.Contains(t, "居民公约") || strings.Contains(t, "居民自治章程") || strings.Contains(t, "小区公约") || strings.Contains(t, "社区公约"):
		return "居民公约"
	// A 公约 named with words between (锦华苑小区居民文明公约, 石桥村文明公约)
	// is still the community's or the village's own 公约.
	case strings.HasSuffix(t, "公约") && containsAny(t, "居民", "小区", "社区", "业主", "楼栋", "街道"):
		return "居民公约"
	case strings.HasSuffix(t, "公约") && strings.Contains(t, "村"):
		return "村规民约"
	case strings.HasSuffix(t, "合同") || strings.HasSuffix(t, "协议") || strings.HasSuffix(t, "协议书") || strings.HasSuffix(t, "合同书") || strings.Contains(t, "合同（") || strings.HasSuffix(t, "契约"):
		return "合同"
	case strings.HasSuffix(t, "决定") || strings.HasSuffix(t, "决议"):
		return "决定"
	case normativeName.MatchString(t):
		return "规范性文件"
	}
	return ""
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
