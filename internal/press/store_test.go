package press_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

var serial atomic.Int64

// unique is a title no other test uses.
func unique(t *testing.T, base string) string {
	return fmt.Sprintf("%s %s %d", base, strings.ReplaceAll(t.Name(), "/", " "), serial.Add(1))
}

func input(title string, more ...press.Text) press.Input {
	return press.Input{Content: press.Content{Texts: append([]press.Text{presstest.Latvian(title)}, more...)}}
}

func refusal(err error) string {
	if fe, ok := errs.AsField(err); ok {
		return fe.Field + ": " + fe.Key
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestEverySaveOfChangedTextIsAVersion(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	title := unique(t, "Tilta atklāšana")
	id, err := s.Create(ctx, input(title))
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Release(ctx, id)
	if err != nil || r.Status != press.Draft || r.CurrentVersion != 1 || r.Title != title {
		t.Fatalf("created: %+v, %v", r, err)
	}
	// The same text saved again makes no version; a changed one does.
	res, err := s.Save(ctx, id, r.Version, input(title))
	if err != nil || res.NewVersion != 0 {
		t.Fatalf("same text: %+v, %v", res, err)
	}
	changed := input(title+" (papildināts)", press.Text{Lang: press.Russian, Status: press.TextDraft, Title: "Открытие моста", Body: "Текст."})
	res, err = s.Save(ctx, id, r.Version+1, changed)
	if err != nil || res.NewVersion != 2 || res.Status != press.Draft {
		t.Fatalf("changed text: %+v, %v", res, err)
	}
	r, _ = s.Release(ctx, id)
	if r.CurrentVersion != 2 || len(r.Languages) != 2 || r.Languages[1] != press.Russian {
		t.Fatalf("after the change: %+v", r)
	}
	first, err := s.VersionContent(ctx, id, 1)
	if err != nil || first.Texts[0].Title != title || len(first.Texts) != 1 {
		t.Fatalf("version 1 is not as it was: %+v, %v", first, err)
	}
	vs, err := s.Versions(ctx, id)
	if err != nil || len(vs) != 2 || vs[0].No != 2 || !vs[0].IsCurrent || vs[1].IsCurrent {
		t.Fatalf("versions: %+v, %v", vs, err)
	}
	// A form drawn before the last save overwrites nothing.
	_, err = s.Save(ctx, id, r.Version-1, input(title+" (vecā forma)"))
	if !errors.Is(err, errs.Conflict) {
		t.Fatalf("stale save: %v", err)
	}
	if r2, _ := s.Release(ctx, id); r2.Title != r.Title || r2.CurrentVersion != 2 {
		t.Fatalf("the stale save changed the release: %+v", r2)
	}
}

func TestTheRulesOfTheTexts(t *testing.T) {
	ctx := context.Background()
	s := presstest.Store(dbtest.Pool(t))
	for _, tc := range []struct {
		name string
		in   press.Input
		want string
	}{
		{"no latvian title", press.Input{Content: press.Content{Texts: []press.Text{{Lang: press.Latvian, Status: press.TextReady, Body: "Teksts"}}}},
			"title_lv: press.release.title_lv_required"},
		{"no latvian at all", press.Input{Content: press.Content{Texts: []press.Text{{Lang: press.English, Status: press.TextReady, Title: "T", Body: "B"}}}},
			"title_lv: press.release.title_lv_required"},
		{"translation without text", input("Virsraksts", press.Text{Lang: press.English, Status: press.TextDraft, Title: "Title"}),
			"body_en: press.release.body_en_required"},
	} {
		if _, err := s.Create(ctx, tc.in); refusal(err) != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, refusal(err), tc.want)
		}
	}
}

func TestApprovalAndAnEditAfterIt(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	title := unique(t, "Budžets")
	id, err := s.Create(ctx, input(title))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Release(ctx, id)
	// Only a release sent for approval is decided on.
	if err := s.Approve(ctx, id, r.Version, 1, ""); !errors.Is(err, errs.Conflict) {
		t.Fatalf("approving a draft: %v", err)
	}
	if err := s.Submit(ctx, id, r.Version); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Release(ctx, id)
	if err := s.Return(ctx, id, r.Version, 1, ""); refusal(err) != "comment: press.review.comment_required" {
		t.Fatalf("returning without a comment: %s", refusal(err))
	}
	if err := s.Return(ctx, id, r.Version, 1, "Precizējiet summas."); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Release(ctx, id)
	if r.Status != press.Returned || r.ApprovedVersion != nil {
		t.Fatalf("returned: %+v", r)
	}
	if _, err := s.Save(ctx, id, r.Version, input(title+" ar summām")); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Release(ctx, id)
	if err := s.Submit(ctx, id, r.Version); err != nil {
		t.Fatal(err)
	}
	// The head approves the version the page showed, not one saved since.
	if err := s.Approve(ctx, id, r.Version+1, 1, ""); refusal(err) != "comment: press.review.stale" {
		t.Fatalf("approving an old version: %s", refusal(err))
	}
	if err := s.Approve(ctx, id, r.Version+1, 2, "Labi."); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Release(ctx, id)
	if r.Status != press.Approved || r.ApprovedVersion == nil || *r.ApprovedVersion != 2 {
		t.Fatalf("approved: %+v", r)
	}
	reviews, err := s.Reviews(ctx, id)
	if err != nil || len(reviews) != 2 || reviews[0].Decision != press.DecisionApproved || reviews[1].Comment != "Precizējiet summas." {
		t.Fatalf("reviews: %+v, %v", reviews, err)
	}
	// Only the embargo changed: the approval stands.
	in := input(title + " ar summām")
	res, err := s.Save(ctx, id, r.Version, in)
	if err != nil || res.Status != press.Approved || res.NewVersion != 0 {
		t.Fatalf("a save without changes: %+v, %v", res, err)
	}
	// The text changed after approval: back to the head.
	r, _ = s.Release(ctx, id)
	res, err = s.Save(ctx, id, r.Version, input(title+" ar summām un grafiku"))
	if err != nil || res.Status != press.Approval || res.NewVersion != 3 {
		t.Fatalf("an edit after approval: %+v, %v", res, err)
	}
	r, _ = s.Release(ctx, id)
	if r.Status != press.Approval || *r.ApprovedVersion != 2 {
		t.Fatalf("after the edit: %+v", r)
	}
	// The database itself refuses an approved release whose approved
	// version is not its current one.
	_, err = pool.Exec(ctx, `update press_releases set status = 'approved' where id = $1`, id)
	if err == nil || !strings.Contains(err.Error(), "check") {
		t.Fatalf("approved without its version approved: %v", err)
	}
	tl, err := s.Timeline(ctx, id)
	if err != nil || len(tl) < 7 {
		t.Fatalf("timeline: %d lines, %v", len(tl), err)
	}
	for _, l := range tl {
		if strings.Contains(l.Summary, title) {
			t.Fatalf("the audit summary names the title: %q", l.Summary)
		}
	}
}

func TestSearchIsDiacriticBlindInEveryLanguage(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	word := fmt.Sprintf("Ķēniņš%d", serial.Add(1))
	id, err := s.Create(ctx, input("Relīze par "+word, press.Text{Lang: press.Russian, Status: press.TextReady, Title: "Заголовок", Body: "Жуков и " + word}))
	if err != nil {
		t.Fatal(err)
	}
	other := presstest.AddRelease(t, pool, input(unique(t, "Cita relīze")))
	folded := strings.NewReplacer("Ķ", "k", "ē", "e", "ņ", "n", "š", "s").Replace(word)
	for _, q := range []string{folded, strings.ToUpper(folded) + " relize", "жуков " + folded} {
		p, err := s.List(ctx, press.ListQuery{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 1 || p.Rows[0].ID != id || p.Total != 1 {
			t.Errorf("%q found %d rows (total %d)", q, len(p.Rows), p.Total)
		}
	}
	// A % typed is a character, not a wildcard.
	if p, _ := s.List(ctx, press.ListQuery{Q: "%" + folded}); len(p.Rows) != 0 {
		t.Errorf("%% matched %d", len(p.Rows))
	}
	p, err := s.List(ctx, press.ListQuery{Status: press.Draft, Sort: press.ByTitle})
	if err != nil || p.Total < 2 {
		t.Fatalf("drafts: %d, %v", p.Total, err)
	}
	_ = other
}

func TestKeysetPagesMeetNoRowTwice(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	// A word common enough is read by walking the list's order in chunks
	// (here from chunks of 2 on); its pages are the trigram index's pages.
	walker := press.WalkCommonAbove(s, 3, 2)
	tag := fmt.Sprintf("lapošana%d", serial.Add(1))
	for i := range press.PageSize + 7 {
		presstest.AddRelease(t, pool, input(fmt.Sprintf("%s %03d", tag, i)))
		if i%5 == 0 {
			presstest.AddRelease(t, pool, input(unique(t, "Starp tām")))
		}
	}
	// With a status that leaves few releases (the tag's are all drafts),
	// those are all read in the list's order and the words checked on
	// each; the pages are the same.
	byIndex := map[press.Sort][]int64{}
	for _, c := range []struct {
		sort   press.Sort
		status press.Status
	}{{press.ByUpdated, ""}, {press.ByTitle, ""}, {press.ByUpdated, press.Draft}, {press.ByTitle, press.Draft}} {
		sort := c.sort
		for _, store := range []*press.Store{s, walker} {
			seen := map[int64]bool{}
			var order []int64
			q := press.ListQuery{Q: tag, Sort: sort, Status: c.status}
			pages := 0
			for {
				p, err := store.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if p.Total != press.PageSize+7 {
					t.Errorf("%s: total %d", sort, p.Total)
				}
				for _, r := range p.Rows {
					if seen[r.ID] {
						t.Fatalf("%s: release %d twice", sort, r.ID)
					}
					seen[r.ID] = true
					order = append(order, r.ID)
				}
				if p.Next == nil {
					break
				}
				q.After = p.Next
			}
			if len(seen) != press.PageSize+7 || pages != 2 {
				t.Errorf("%s: %d releases on %d pages", sort, len(seen), pages)
			}
			if byIndex[sort] == nil {
				byIndex[sort] = order
			} else if fmt.Sprint(order) != fmt.Sprint(byIndex[sort]) {
				t.Errorf("%s %s: walked %v\nindexed %v", sort, c.status, order, byIndex[sort])
			}
		}
	}
}
