package contacts

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/auth"
)

// A line of the history across areas links to its record only for those
// who may open it; an area nobody registered shows its kind as recorded.
func TestUseLinesLinkOnlyForThoseWhoMayOpen(t *testing.T) {
	s := &Store{}
	s.RegisterArea("press", UseArea{Perm: auth.PetitionsManage,
		Link: func(ref string) string { return "/press/" + ref },
		Text: func(context.Context, string) string { return "uzaicināts" }})
	uses := []Use{{Area: "press", Kind: "invited", RecordRef: "7"}, {Area: "awards", Kind: "nominee", RecordRef: "3"}}
	staff := s.useLines(context.Background(), &auth.User{Roles: []auth.Role{auth.RoleStaff}}, uses)
	clerk := s.useLines(context.Background(), &auth.User{Roles: []auth.Role{auth.RoleClerk}}, uses)
	if staff[0].Link != "/press/7" || staff[0].Text != "uzaicināts" || clerk[0].Link != "" || clerk[0].Text != "uzaicināts" {
		t.Errorf("press lines: staff %+v, clerk %+v", staff[0], clerk[0])
	}
	if staff[1].Link != "" || staff[1].Text != "nominee" {
		t.Errorf("an unregistered area's line: %+v", staff[1])
	}
}
