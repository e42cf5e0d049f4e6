package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// maxLetterhead bounds the 发文机关标志: GB/T 9704 sets it in one line of
// 小标宋 at most 170 mm wide, about 13 characters at the size the opinion
// uses; a few more are allowed for offices that shrink it in Word.
const maxLetterhead = 20

// SetOfficeLetterhead sets the 版头 an office prints on its opinions: the
// text of the 发文机关标志 ("" = the office's name) and whether it is
// printed at all. Opinions signed before keep the one they were signed
// with.
func (s *Service) SetOfficeLetterhead(ctx context.Context, u *storage.User, officeID int64, text string, off bool) error {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	lh := opinion.Letterhead{Text: strings.TrimSpace(text), Off: off}
	if utf8.RuneCountInString(lh.Text) > maxLetterhead {
		return fail(Invalid, fmt.Sprintf("版头文字不超过 %d 个字", maxLetterhead))
	}
	if strings.ContainsFunc(lh.Text, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError }) {
		return fail(Invalid, "版头文字含有控制字符或不可见字符")
	}
	if err := s.Store.SetOfficeLetterhead(ctx, officeID, lh); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return fail(NotFound, "没有这个司法所")
		}
		return err
	}
	detail := "不印版头"
	if !lh.Off {
		detail = "版头：" + lh.Text
		if lh.Text == "" {
			detail = "版头：司法所名称"
		}
	}
	s.audit(ctx, u, storage.AuditOfficeLetterhead, fmt.Sprintf("office:%d", officeID), detail)
	return nil
}
