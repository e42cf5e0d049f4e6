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

// SeedDemo fills an empty database with three offices and their eight
// townships, one account per role (and a clerk per township, a reviewer
// per office, the county bureau), a year of reviewed drafts
// (stats_demo.go) and a few drafts waiting for review (reviewed by the
// real engine), and returns the logins. Run again, it keeps the data and
// gives the demo accounts fresh passwords so that they can be printed.
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
		{demoBureauAccount, "赵科长", storage.RoleBureau, "", demoBureau},
	}
	towns := map[string]int64{}
	offices := map[string]int64{}
	var officeIDs []int64
	for _, o := range demoOffices {
		id, err := s.findOrCreateOffice(ctx, o.name)
		if err != nil {
			return nil, err
		}
		offices[o.name] = id
		officeIDs = append(officeIDs, id)
		for _, t := range o.townships {
			tid, err := s.findOrCreateTownship(ctx, t.name, id)
			if err != nil {
				return nil, err
			}
			towns[t.name] = tid
			if t.clerk != "donghu" && t.clerk != "xishan" {
				accts = append(accts, acct{t.clerk, t.person, storage.RoleClerk, t.name, ""})
			}
		}
		if r, ok := demoReviewers[o.name]; ok {
			accts = append(accts, acct{r[0], r[1], storage.RoleReviewer, "", o.name})
		}
	}
	bureauID, err := s.findOrCreateBureau(ctx, demoBureau, officeIDs)
	if err != nil {
		return nil, err
	}
	var logins []DemoLogin
	users := map[string]*storage.User{}
	for _, a := range accts {
		pw := auth.GeneratePassword()
		u, err := s.Store.UserByName(ctx, a.user)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			in := UserInput{Username: a.user, DisplayName: a.name, Role: a.role, TownshipID: towns[a.township], OfficeID: offices[a.office], Password: pw}
			if a.role == storage.RoleBureau {
				in.BureauID = bureauID
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
	docs, err := s.Store.ListDocuments(ctx, storage.DocFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		if err := s.seedHistory(ctx, users); err != nil {
			return nil, err
		}
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
		if s.Precedents != nil {
			if _, _, err := SyncPrecedents(ctx, s.Store, s.Precedents); err != nil {
				return nil, fmt.Errorf("index demo precedents: %w", err)
			}
		}
	}
	return logins, nil
}

func (s *Service) findOrCreateBureau(ctx context.Context, name string, offices []int64) (int64, error) {
	bs, err := s.Store.ListBureaus(ctx)
	if err != nil {
		return 0, err
	}
	for _, b := range bs {
		if b.Name == name {
			return b.ID, nil
		}
	}
	id, err := s.Store.CreateBureau(ctx, name)
	if err != nil {
		return 0, err
	}
	return id, s.Store.SetBureauOffices(ctx, id, offices)
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
