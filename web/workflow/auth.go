package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"lawreview/web/auth"
	"lawreview/web/storage"
)

// Login throttling. An account locks after a few failures from anywhere
// (guessing one password); an address locks only after many (trying many
// accounts), so that one person's typos lock that person's account and
// not the colleagues behind the same office router. Attempts refused by a
// lock are not counted: the 40 concurrent wrong passwords of issue 14
// counted 40 times against the address and then locked out every user
// behind it.
var (
	accountLimit = storage.LoginLimit{Max: 5, Window: 15 * time.Minute}
	addressLimit = storage.LoginLimit{Max: 30, Window: 15 * time.Minute}
)

// AccountKey and AddressKey are the throttle keys of an account and of a
// client address (lawreview user unlock clears them).
func AccountKey(username string) string { return "user:" + truncate(username, 200) }
func AddressKey(ip string) string       { return "ip:" + truncate(ip, 100) }

// Login checks a password and opens a session; it returns the user, the
// session token (for the cookie) and the session. The attempt is counted
// against the account and the client address (WithRequest) before the
// password is hashed (storage.ReserveLogin, one transaction), so
// concurrent attempts cannot all slip under the limits, and hashing
// itself waits for one of a few slots (auth.withSlot).
func (s *Service) Login(ctx context.Context, username, password, userAgent string) (*storage.User, string, *storage.Session, error) {
	username = strings.TrimSpace(username)
	ip := requestFrom(ctx).IP
	if username == "" || password == "" {
		return nil, "", nil, fail(Invalid, "请输入用户名和密码")
	}
	acct, addr := accountLimit, addressLimit
	acct.Key, addr.Key = AccountKey(username), AddressKey(ip)
	leave, err := s.logins.enter(ctx, []string{acct.Key, addr.Key}, []int{gateAccount, gateAddress})
	if err != nil {
		return nil, "", nil, errLoginBusy
	}
	// The gate covers counting and checking only; the session is made
	// after it, so that logins to one account do not wait for the writes.
	var once sync.Once
	done := func() { once.Do(leave) }
	defer done()
	attempt, blocked, err := s.Store.ReserveLogin(ctx, []storage.LoginLimit{acct, addr}, s.now())
	if err != nil {
		return nil, "", nil, err
	}
	if blocked != nil {
		done()
		mins := int(blocked.Until.Sub(s.now()).Minutes()) + 1
		msg, which := fmt.Sprintf("该账号登录失败次数过多，已暂时锁定，请 %d 分钟后再试，或请管理员解锁", mins), "账号已锁定"
		if blocked.Limit.Key == addr.Key {
			msg, which = fmt.Sprintf("本机登录失败次数过多，请 %d 分钟后再试", mins), "来源地址已锁定"
		}
		s.audit(ctx, nil, storage.AuditLoginThrottled, username, which)
		return nil, "", nil, fail(Throttled, msg)
	}
	u, err := s.Store.UserByName(ctx, username)
	ok := false
	switch {
	case err == nil:
		ok, err = auth.CheckPasswordContext(ctx, u.PasswordHash, password)
		ok = ok && !u.Disabled
	case errors.Is(err, storage.ErrNotFound):
		_, err = auth.CheckMissingUserContext(ctx, password)
	}
	if err != nil {
		// The password was never checked: the attempt counts for nothing.
		_ = s.Store.ForgetLogin(context.WithoutCancel(ctx), attempt)
		if errors.Is(err, auth.ErrBusy) || ctx.Err() != nil {
			return nil, "", nil, errLoginBusy
		}
		return nil, "", nil, err
	}
	if !ok {
		done()
		s.audit(ctx, nil, storage.AuditLoginFailed, username, "")
		return nil, "", nil, fail(Unauthorized, "用户名或密码错误")
	}
	if err := s.Store.ForgetLogin(ctx, attempt, acct.Key); err != nil {
		return nil, "", nil, err
	}
	done()
	tok := auth.Token(32)
	now := s.now()
	se := &storage.Session{TokenHash: auth.HashToken(tok), UserID: u.ID, CSRFToken: auth.Token(32),
		CreatedAt: now, ExpiresAt: now.Add(s.SessionTTL), IP: ip, UserAgent: truncate(userAgent, 200)}
	if err := s.Store.CreateSession(ctx, se); err != nil {
		return nil, "", nil, err
	}
	_ = s.Store.TouchLogin(ctx, u.ID, now)
	s.sweepSessions(ctx, now)
	s.audit(ctx, u, storage.AuditLogin, "", "")
	return u, tok, se, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, u *storage.User, se *storage.Session) {
	_ = s.Store.DeleteSession(ctx, se.TokenHash)
	s.audit(ctx, u, storage.AuditLogout, "", "")
}

// sweepSessions deletes expired sessions at most once a minute: at every
// login it was one more write for the database's single writer.
func (s *Service) sweepSessions(ctx context.Context, now time.Time) {
	last := s.lastSweep.Load()
	if now.Unix()-last < 60 || !s.lastSweep.CompareAndSwap(last, now.Unix()) {
		return
	}
	_ = s.Store.DeleteExpiredSessions(ctx, now)
}

// ChangePassword sets a user's own new password after checking the old
// one, which is guessed no faster here than at the login.
func (s *Service) ChangePassword(ctx context.Context, u *storage.User, old, new string) error {
	acct := accountLimit
	acct.Key = AccountKey(u.Username)
	leave, err := s.logins.enter(ctx, []string{acct.Key}, []int{gateAccount})
	if err != nil {
		return errLoginBusy
	}
	defer leave()
	attempt, blocked, err := s.Store.ReserveLogin(ctx, []storage.LoginLimit{acct}, s.now())
	if err != nil {
		return err
	}
	if blocked != nil {
		return fail(Throttled, fmt.Sprintf("密码错误次数过多，请 %d 分钟后再试", int(blocked.Until.Sub(s.now()).Minutes())+1))
	}
	ok, err := auth.CheckPasswordContext(ctx, u.PasswordHash, old)
	if err != nil {
		_ = s.Store.ForgetLogin(context.WithoutCancel(ctx), attempt)
		if errors.Is(err, auth.ErrBusy) || ctx.Err() != nil {
			return errLoginBusy
		}
		return err
	}
	if !ok {
		return fail(Invalid, "原密码不正确")
	}
	if err := s.Store.ForgetLogin(ctx, attempt); err != nil {
		return err
	}
	if err := SetPassword(ctx, s.Store, u.ID, new); err != nil {
		return err
	}
	s.audit(ctx, u, storage.AuditPasswordChange, fmt.Sprintf("user:%d", u.ID), "")
	return nil
}

// SetPassword hashes and stores a user's password (which ends the user's
// sessions); a password too weak is Invalid, with the reason.
func SetPassword(ctx context.Context, st storage.Store, userID int64, password string) error {
	h, err := auth.HashPassword(password)
	if err != nil {
		return fail(Invalid, err.Error())
	}
	return st.SetPassword(ctx, userID, h)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
