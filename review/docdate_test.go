package review

import (
	"testing"
	"time"
)

func TestDocumentDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		name, text string
		want       time.Time
	}{
		{"date under the signature", "关于暂停堂食的通告\n一、全县暂停堂食。\n西河县疫情防控指挥部\n2022年4月1日", day(2022, 4, 1)},
		{"date on the signing line", "关于元宵节的通告\n一、暂停舞龙。\n东山镇疫情防控办 2021年2月20日", day(2021, 2, 20)},
		{"Chinese numerals", "通知\n正文。\n东山镇人民政府\n二〇二五年三月一日", day(2025, 3, 1)},
		{"the last date of the foot", "通知\n自2020年1月1日起施行。\n东山镇人民政府\n2019年12月1日", day(2019, 12, 1)},
		{"a document number's year", "东疫防指〔2021〕8号\n关于暂停集市的通知\n暂停全县集市。", day(2021, 12, 31)},
		{"a long clause naming a date is no signature", "通知\n本通告自2020年1月1日起施行，有效期至2020年12月31日止，届时另行通知各单位。", time.Time{}},
		{"no year", "罗田县指挥部6号令\n命令如下。\n罗田县指挥部\n年2月9日", time.Time{}},
		{"no date", "关于加强管理的通告\n一、小区封闭管理。", time.Time{}},
	} {
		if got := documentDate(c.text); !got.Equal(c.want) {
			t.Errorf("%s: documentDate = %v, want %v", c.name, got, c.want)
		}
	}
}
