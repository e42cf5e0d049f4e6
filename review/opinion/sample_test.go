package opinion

import (
	"time"

	"lawreview/review"
)

// sample is a realistic opinion on a 村规民约 with two accepted findings.
func sample() *Opinion {
	loc := time.FixedZone("CST", 8*3600)
	return &Opinion{
		Number:    Numbering{}.Format("青山镇司法所", 2026, 3),
		Office:    "青山镇司法所",
		Submitter: "青山镇石桥村民委员会",
		DocTitle:  "石桥村村规民约（修订草案）",
		Received:  time.Date(2026, 3, 2, 9, 30, 0, 0, loc),
		DocType:   "村规民约",
		Items: []OpinionItem{
			{Item: ItemContent, Status: review.StatusProblem},
			{Item: ItemAuthor, Status: review.StatusOK},
			{Item: ItemPower, Status: review.StatusOK, Text: "村规民约由村民会议制定，属于村民自治事项，制定权限符合规定。"},
			{Item: ItemProcedure, Status: review.StatusManual, Text: "送审材料未附村民会议表决记录，请补充。\n修订稿应当报乡镇人民政府备案。"},
			{Item: ItemForm, Status: review.StatusOK},
		},
		Findings: []AcceptedFinding{
			{
				Item:    ItemContent,
				Title:   "村规民约设定罚款等经济处罚",
				Quote:   "对不参加义务劳动的村民，每次罚款200元",
				Problem: "村民委员会不是行政处罚的实施主体，村规民约不得设定罚款",
				Basis: []review.Basis{
					{Law: "中华人民共和国行政处罚法", Article: "第十七条", Text: "行政处罚由具有行政处罚权的行政机关在法定职权范围内实施。"},
					{Law: "中华人民共和国村民委员会组织法", Article: "第二十七条", Text: "村民自治章程、村规民约以及村民会议或者村民代表会议的决定不得与宪法、法律、法规和国家的政策相抵触，不得有侵犯村民的人身权利、民主权利和合法财产权利的内容。"},
				},
				Suggestion: "删除罚款规定，改为“对不参加义务劳动的村民，由村民委员会进行批评教育”",
			},
			{
				Item:       ItemContent,
				Title:      "剥夺外嫁女的集体经济组织成员权益",
				Quote:      "外嫁女及其子女不再享受本村集体经济组织收益分配",
				Problem:    "以婚姻状况剥夺妇女的集体经济组织成员权益，侵犯妇女合法财产权利",
				Basis:      []review.Basis{{Law: "中华人民共和国妇女权益保障法", Article: "第五十五条", Text: "妇女在农村集体经济组织成员身份确认、土地承包经营、集体经济组织收益分配、土地征收补偿安置或者征用补偿以及宅基地使用等方面，享有与男子平等的权利。"}},
				Suggestion: "删除该款",
			},
		},
		Conclusion:  ConclusionLegalIfAmended,
		OpinionText: "请你单位按照上述意见修改后，提交村民会议讨论通过，并报镇人民政府备案。",
		Reviewer:    "李明",
		Signed:      time.Date(2026, 3, 9, 16, 0, 0, 0, loc),
	}
}
