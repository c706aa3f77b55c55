package petitionstest

import (
	"context"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/petitions"
)

// RouteSamples gives a real path for every route of the registry with a
// path parameter, on a submission of its own: registered by staff (so the
// clerk, who reads only what they registered today, may not read it) and
// addressed to the head (so the chair, a member of the management who is
// neither its addressee nor its executor, may not either), with a scan and
// an acknowledgement to print. Refused lists those two on every sample:
// the permission table lets them into the area, the card's own check
// (petitions.CanRead) refuses them. The step's sample posts "send"; a post
// without the form's version changes nothing (a conflict, 409).
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	p := Register(t, pool, Sub{By: "staff", Addressee: "head", Reply: "post",
		Scans: []Scan{{Name: "skenejums.pdf", Content: PDF}}, At: Clock()})
	var fileID int64
	if err := pool.QueryRow(context.Background(), `select file_id from petition_files where petition_id = $1`, p.ID).Scan(&fileID); err != nil {
		t.Fatalf("petitionstest: the sample's scan: %v", err)
	}
	card := "/petitions/" + strconv.FormatInt(p.ID, 10)
	refused := []string{"chair", "clerk"}
	return []apptest.RouteSample{
		{Pattern: "/petitions/{id}", Path: card, Refused: refused},
		{Pattern: "/petitions/{id}/print", Path: card + "/print", Refused: refused},
		{Pattern: "/petitions/{id}/acknowledgement.pdf", Path: card + "/acknowledgement.pdf", Refused: refused},
		{Pattern: "/petitions/{id}/files/{fileID}", Path: card + "/files/" + strconv.FormatInt(fileID, 10), Refused: refused},
		{Pattern: "/petitions/{id}/{action}", Path: card + "/send", Refused: refused},
	}
}

// StepSamples are the steps of a submission that have fields to fill in,
// each on a submission in a state that allows it (addressed to the head,
// who may take every step), for internal/app's test that a form posted
// empty names its fields: the route test's one sample of
// /petitions/{id}/{action} posts "send", which has none.
func StepSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	at := Clock()
	awaiting := Progress(t, pool, Register(t, pool, Sub{By: "staff", Addressee: "head", Reply: "post", At: at}), petitions.AwaitingResolution, at)
	inProgress := Progress(t, pool, Register(t, pool, Sub{By: "staff", Addressee: "head", Reply: "post", At: at}), petitions.InProgress, at)
	refused := []string{"chair", "clerk"}
	var out []apptest.RouteSample
	for _, s := range []struct {
		p    *petitions.Petition
		acts []petitions.Action
	}{
		{awaiting, []petitions.Action{petitions.ActResolve, petitions.ActForward, petitions.ActUnexamined, petitions.ActJoin, petitions.ActExtend}},
		{inProgress, []petitions.Action{petitions.ActAnswer, petitions.ActReassign}},
	} {
		for _, act := range s.acts {
			out = append(out, apptest.RouteSample{Pattern: "/petitions/{id}/{action}",
				Path: "/petitions/" + strconv.FormatInt(s.p.ID, 10) + "/" + string(act), Refused: refused})
		}
	}
	return out
}
