package workflow

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"time"

	"lawreview/web/auth"
	"lawreview/web/storage"
)

//go:embed demo/*
var demoFS embed.FS

// DemoLogin is one account SeedDemo created.
type DemoLogin struct {
	Username, Password, Name, Role, Place string
}

type demoDraft struct {
	file, title, typ, clerk string
	days                    int // meeting date relative to today
	note                    string
}

var demoDrafts = []demoDraft{
	{"village-rules.md", "东湖镇青山村村规民约（草案）", "村规民约", "donghu", 5, "青山村村民会议拟于下周讨论通过"},
	{"building-notice.txt", "东湖镇人民政府关于加强农村村民建房管理的通知（征求意见稿）", "", "donghu", -2, "镇党委会已讨论，拟提请镇长办公会审议"},
	{"lease-contract.txt", "西山街道文化广场场地租赁合同", "合同", "xishan", 12, ""},
}

// SeedDemo fills an empty database with two townships, one office, one
// account per role and a few sample drafts (reviewed by the real engine),
// and returns the logins. Run again, it keeps the data and gives the demo
// accounts fresh passwords so that they can be printed.
func (s *Service) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	type acct struct {
		user, name       string
		role             storage.Role
		township, office string
	}
	accts := []acct{
		{"donghu", "张敏", storage.RoleClerk, "东湖镇", ""},
		{"xishan", "李强", storage.RoleClerk, "西山街道", ""},
		{"suozhang", "王建国", storage.RoleReviewer, "", "城关司法所"},
		{"guwen", "陈律师", storage.RoleAdviser, "", ""},
		{"demoadmin", "演示管理员", storage.RoleAdmin, "", ""},
	}
	officeID, err := s.findOrCreateOffice(ctx, "城关司法所")
	if err != nil {
		return nil, err
	}
	towns := map[string]int64{}
	for _, t := range []string{"东湖镇", "西山街道"} {
		id, err := s.findOrCreateTownship(ctx, t, officeID)
		if err != nil {
			return nil, err
		}
		towns[t] = id
	}
	var logins []DemoLogin
	users := map[string]*storage.User{}
	for _, a := range accts {
		pw := auth.GeneratePassword()
		u, err := s.Store.UserByName(ctx, a.user)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			in := UserInput{Username: a.user, DisplayName: a.name, Role: a.role, TownshipID: towns[a.township], Password: pw}
			if a.office != "" {
				in.OfficeID = officeID
			}
			if _, _, err := CreateUser(ctx, s.Store, in); err != nil {
				return nil, fmt.Errorf("create demo user %s: %w", a.user, err)
			}
		case err != nil:
			return nil, err
		default:
			if err := SetPassword(ctx, s.Store, u.ID, pw); err != nil {
				return nil, err
			}
		}
		if u, err = s.Store.UserByName(ctx, a.user); err != nil {
			return nil, err
		}
		users[a.user] = u
		logins = append(logins, DemoLogin{Username: a.user, Password: pw, Name: a.name, Role: a.role.Label(), Place: a.township + a.office})
	}
	docs, err := s.Store.ListDocuments(ctx, storage.DocFilter{OfficeID: officeID, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		today := s.Today()
		for _, d := range demoDrafts {
			data, err := demoFS.ReadFile("demo/" + d.file)
			if err != nil {
				return nil, err
			}
			_, err = s.Upload(ctx, users[d.clerk], UploadInput{Title: d.title, Type: d.typ, FileName: d.file, File: bytes.NewReader(data),
				MeetingDate: today.AddDate(0, 0, d.days).Format(time.DateOnly), ConfirmPastMeeting: d.days < 0, Note: d.note})
			if err != nil {
				return nil, fmt.Errorf("seed demo draft %s: %w", d.file, err)
			}
		}
	}
	return logins, nil
}

func (s *Service) findOrCreateOffice(ctx context.Context, name string) (int64, error) {
	os, err := s.Store.ListOffices(ctx)
	if err != nil {
		return 0, err
	}
	for _, o := range os {
		if o.Name == name {
			return o.ID, nil
		}
	}
	return s.Store.CreateOffice(ctx, name)
}

func (s *Service) findOrCreateTownship(ctx context.Context, name string, officeID int64) (int64, error) {
	ts, err := s.Store.ListTownships(ctx)
	if err != nil {
		return 0, err
	}
	for _, t := range ts {
		if t.Name == name {
			return t.ID, nil
		}
	}
	return s.Store.CreateTownship(ctx, name, officeID)
}
