package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"lawreview/web/auth"
	"lawreview/web/files"
	"lawreview/web/storage"
)

// CreateOffice adds a 司法所, in a province ("" = none set).
func (s *Service) CreateOffice(ctx context.Context, u *storage.User, name, province string) (int64, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, fail(Invalid, "请填写司法所名称")
	}
	province, err := checkProvince(province)
	if err != nil {
		return 0, err
	}
	id, err := s.Store.CreateOffice(ctx, name)
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, fail(Conflict, "司法所「"+name+"」已存在")
	}
	if err != nil {
		return 0, err
	}
	if province != "" {
		if err := s.Store.SetOfficeProvince(ctx, id, province); err != nil {
			return 0, err
		}
	}
	s.audit(ctx, u, storage.AuditOfficeCreate, fmt.Sprintf("office:%d", id), name+" "+province)
	return id, nil
}

// SetOfficeProvince sets the province an office works in ("" = none).
func (s *Service) SetOfficeProvince(ctx context.Context, u *storage.User, officeID int64, province string) error {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	province, err := checkProvince(province)
	if err != nil {
		return err
	}
	if err := s.Store.SetOfficeProvince(ctx, officeID, province); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return fail(NotFound, "没有这个司法所")
		}
		return err
	}
	s.audit(ctx, u, storage.AuditOfficeProvince, fmt.Sprintf("office:%d", officeID), province)
	return nil
}

// checkProvince trims a province's name and refuses what cannot be one.
func checkProvince(p string) (string, error) {
	p = strings.TrimSpace(p)
	if n := utf8.RuneCountInString(p); n > 12 || strings.ContainsAny(p, "<>&\"'/\\") {
		return "", fail(Invalid, "省份名称不正确，例如：浙江")
	}
	return p, nil
}

// CreateTownship adds a 镇（街道）, assigned to an office or to none (0).
func (s *Service) CreateTownship(ctx context.Context, u *storage.User, name string, officeID int64) (int64, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, fail(Invalid, "请填写镇（街道）名称")
	}
	if officeID != 0 {
		if err := officeExists(ctx, s.Store, officeID); err != nil {
			return 0, err
		}
	}
	id, err := s.Store.CreateTownship(ctx, name, officeID)
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, fail(Conflict, "镇（街道）「"+name+"」已存在")
	}
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, storage.AuditTownshipCreate, fmt.Sprintf("township:%d", id), name)
	return id, nil
}

// MoveTownship assigns a township to another office (0: none). Its
// documents move with it: the new office's reviewers see them.
func (s *Service) MoveTownship(ctx context.Context, u *storage.User, townshipID, officeID int64) error {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	t, err := s.Store.Township(ctx, townshipID)
	if err != nil {
		return err
	}
	if officeID != 0 {
		if err := officeExists(ctx, s.Store, officeID); err != nil {
			return err
		}
	}
	if err := s.Store.SetTownshipOffice(ctx, townshipID, officeID); err != nil {
		return err
	}
	s.audit(ctx, u, storage.AuditTownshipMove, fmt.Sprintf("township:%d", townshipID), fmt.Sprintf("%s：%s → %s", t.Name, officeName(ctx, s.Store, t.OfficeID), officeName(ctx, s.Store, officeID)))
	return nil
}

func officeExists(ctx context.Context, st storage.Store, id int64) error {
	offices, err := st.ListOffices(ctx)
	if err != nil {
		return err
	}
	for _, o := range offices {
		if o.ID == id {
			return nil
		}
	}
	return fail(Invalid, "司法所不存在")
}

// UserInput creates or changes an account.
type UserInput struct {
	Username      string
	DisplayName   string
	Role          storage.Role
	TownshipID    int64  // clerks
	OfficeID      int64  // reviewers
	BureauID      int64  // bureau accounts
	Password      string // empty: generate one
	Disabled      bool
	ResetPassword bool
}

// CreateUser validates and creates an account; it returns the password
// (generated when none was given) so that it can be shown once. The
// administrator's page (AddUser), `lawreview user add` and the first
// start (EnsureAdmin) create accounts with it.
func CreateUser(ctx context.Context, st storage.Store, in UserInput) (int64, string, error) {
	in.Username = strings.TrimSpace(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.Username == "" || strings.ContainsAny(in.Username, " \t\r\n/") || utf8.RuneCountInString(in.Username) > 64 {
		return 0, "", fail(Invalid, "用户名不能为空，不能含空格或斜杠，不超过 64 个字符")
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	if !in.Role.Valid() {
		var roles []string
		for _, r := range storage.Roles {
			roles = append(roles, string(r)+"（"+r.Label()+"）")
		}
		return 0, "", fail(Invalid, "角色无效，可选："+strings.Join(roles, "、"))
	}
	if err := checkRolePlace(ctx, st, &in); err != nil {
		return 0, "", err
	}
	pw := in.Password
	if pw == "" {
		pw = auth.GeneratePassword()
	}
	h, err := auth.HashPassword(pw)
	if err != nil {
		return 0, "", fail(Invalid, err.Error())
	}
	id, err := st.CreateUser(ctx, &storage.User{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role,
		TownshipID: in.TownshipID, OfficeID: in.OfficeID, BureauID: in.BureauID, PasswordHash: h})
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, "", fail(Conflict, "用户名「"+in.Username+"」已被使用")
	}
	if err != nil {
		return 0, "", err
	}
	return id, pw, nil
}

// checkRolePlace enforces that a clerk belongs to a township and a reviewer
// to an office, and clears the place fields other roles do not use.
func checkRolePlace(ctx context.Context, st storage.Store, in *UserInput) error {
	switch in.Role {
	case storage.RoleClerk:
		in.OfficeID = 0
		if in.TownshipID == 0 {
			return fail(Invalid, "经办人必须属于一个镇（街道）")
		}
		if _, err := st.Township(ctx, in.TownshipID); err != nil {
			return fail(Invalid, "镇（街道）不存在")
		}
	case storage.RoleReviewer:
		in.TownshipID = 0
		if in.OfficeID == 0 {
			return fail(Invalid, "审查人必须属于一个司法所")
		}
		if err := officeExists(ctx, st, in.OfficeID); err != nil {
			return err
		}
	case storage.RoleBureau:
		in.TownshipID, in.OfficeID = 0, 0
		if in.BureauID == 0 {
			return fail(Invalid, "司法局账号必须属于一个司法局")
		}
		if _, err := st.Bureau(ctx, in.BureauID); err != nil {
			return fail(Invalid, "司法局不存在")
		}
		return nil
	default:
		in.TownshipID, in.OfficeID = 0, 0
	}
	in.BureauID = 0
	return nil
}

// AddUser is the administrator's creation of an account.
func (s *Service) AddUser(ctx context.Context, u *storage.User, in UserInput) (int64, string, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return 0, "", err
	}
	id, pw, err := CreateUser(ctx, s.Store, in)
	if err != nil {
		return 0, "", err
	}
	s.audit(ctx, u, storage.AuditUserCreate, fmt.Sprintf("user:%d", id), fmt.Sprintf("%s（%s）", in.Username, in.Role.Label()))
	return id, pw, nil
}

// UpdateUser changes role, place or disabled state, and optionally resets
// the password (returned once).
func (s *Service) UpdateUser(ctx context.Context, u *storage.User, id int64, in UserInput) (string, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return "", err
	}
	target, err := s.Store.User(ctx, id)
	if err != nil {
		return "", err
	}
	if target.ID == u.ID && (in.Disabled || in.Role != storage.RoleAdmin) {
		return "", fail(Invalid, "不能停用自己的账号或取消自己的管理员角色")
	}
	if !in.Role.Valid() {
		return "", fail(Invalid, "角色无效")
	}
	if err := checkRolePlace(ctx, s.Store, &in); err != nil {
		return "", err
	}
	if dn := strings.TrimSpace(in.DisplayName); dn != "" {
		target.DisplayName = dn
	}
	target.Role, target.TownshipID, target.OfficeID, target.BureauID, target.Disabled = in.Role, in.TownshipID, in.OfficeID, in.BureauID, in.Disabled
	if err := s.Store.UpdateUser(ctx, target); err != nil {
		return "", err
	}
	pw := ""
	if in.ResetPassword {
		pw = auth.GeneratePassword()
		if err := SetPassword(ctx, s.Store, id, pw); err != nil {
			return "", err
		}
	}
	s.audit(ctx, u, storage.AuditUserUpdate, fmt.Sprintf("user:%d", id), fmt.Sprintf("%s：%s%s%s", target.Username, in.Role.Label(), yes(in.Disabled, "，停用"), yes(in.ResetPassword, "，重置密码")))
	return pw, nil
}

// Admin is what the administration page shows.
type Admin struct {
	Offices   []storage.Office
	Townships []storage.Township
	Users     []storage.User
	Bureaus   []storage.Bureau
}

// Administration lists offices, townships and accounts for the
// administrator.
func (s *Service) Administration(ctx context.Context, u *storage.User) (*Admin, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return nil, err
	}
	var a Admin
	var err error
	if a.Offices, err = s.Store.ListOffices(ctx); err != nil {
		return nil, err
	}
	if a.Townships, err = s.Store.ListTownships(ctx); err != nil {
		return nil, err
	}
	if a.Users, err = s.Store.ListUsers(ctx); err != nil {
		return nil, err
	}
	if a.Bureaus, err = s.Store.ListBureaus(ctx); err != nil {
		return nil, err
	}
	return &a, nil
}

// MaxAuditOffset bounds the paging of the audit log.
const MaxAuditOffset = 1_000_000

// SweepFiles removes the stored files no version references: what a
// process killed between moving an upload's file into place and
// committing its transaction left behind, or a commit that failed. Run at
// start, before serving; files younger than files.Grace stay, since other
// nodes sharing the directory may be uploading them now.
func SweepFiles(ctx context.Context, st storage.Store, fs *files.Store) (int, error) {
	keep, err := st.FileSums(ctx)
	if err != nil {
		return 0, err
	}
	return fs.Prune(keep, time.Now().Add(-files.Grace))
}

// EnsureAdmin creates the first administrator when the database has no
// accounts at all and prints its one-time random password: there are no
// built-in default passwords.
func EnsureAdmin(ctx context.Context, st storage.Store, out io.Writer) error {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return nil
	}
	_, pw, err := CreateUser(ctx, st, UserInput{Username: "admin", DisplayName: "系统管理员", Role: storage.RoleAdmin})
	if we := (*Error)(nil); errors.As(err, &we) && we.Kind == Conflict {
		// Another server node on the same database, started at the same
		// moment, created it (and showed its password).
		return nil
	}
	if err != nil {
		return fmt.Errorf("create first administrator: %w", err)
	}
	fmt.Fprintln(out, "已创建初始管理员账号（只显示这一次，请登录后立即修改密码）：")
	fmt.Fprintf(out, "  用户名：admin\n  密码：%s\n", pw)
	return nil
}

// yes is s when b, else "": a flag in the audit log's words.
func yes(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

// officeName names an office for the audit log ("未分配" for none).
func officeName(ctx context.Context, st storage.Store, id int64) string {
	if id == 0 {
		return "未分配"
	}
	os, err := st.ListOffices(ctx)
	if err == nil {
		for _, o := range os {
			if o.ID == id {
				return o.Name
			}
		}
	}
	return fmt.Sprintf("司法所（编号 %d）", id)
}
