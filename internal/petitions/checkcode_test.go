package petitions_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The check code a person needs for /status is on the card for whoever
// may see the card, and the acknowledgement that carries it can be printed
// whatever the way the person wants the answer.
func TestCardShowsTheCheckCodeAndOffersTheLetterForEveryReplyChannel(t *testing.T) {
	srv := server(t)
	for _, reply := range []petitions.ReplyChannel{petitions.ReplyEmail, petitions.ReplyPost, petitions.ReplyInPerson, petitions.ReplyEAddress} {
		t.Run(string(reply), func(t *testing.T) {
			p := register(t, srv.Pool, petitionstest.Sub{Reply: reply, By: "clerk"})
			path := fmt.Sprintf("/petitions/%d", p.ID)
			// The clerk who registered it, the addressee, the head.
			for _, user := range []string{"clerk", "chair", "head"} {
				card := srv.Client(t, user).Get(t, path)
				if card.StatusCode != http.StatusOK {
					t.Fatalf("%s: card %d", user, card.StatusCode)
				}
				if !strings.Contains(card.Body, `data-testid="check-code">`+p.CheckCode+`<`) {
					t.Errorf("%s does not see the check code %s", user, p.CheckCode)
				}
				if !strings.Contains(card.Body, `href="`+path+`/acknowledgement.pdf"`) {
					t.Errorf("%s is not offered the acknowledgement", user)
				}
			}
			pdf := srv.Client(t, "clerk").Get(t, path+"/acknowledgement.pdf")
			if pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF-") {
				t.Errorf("acknowledgement.pdf: %d", pdf.StatusCode)
			}
		})
	}
	t.Run("anonymous", func(t *testing.T) {
		p := register(t, srv.Pool, petitionstest.Sub{Anonymous: true})
		card := srv.Client(t, "head").Get(t, fmt.Sprintf("/petitions/%d", p.ID))
		if !strings.Contains(card.Body, `data-testid="check-code">`+p.CheckCode+`<`) {
			t.Error("the check code of an anonymous submission is not shown")
		}
		if strings.Contains(card.Body, "/acknowledgement.pdf") {
			t.Error("an acknowledgement is offered with nobody to write to")
		}
	})
	t.Run("not to those who may not see the card", func(t *testing.T) {
		p := register(t, srv.Pool, petitionstest.Sub{By: "staff"})
		for _, user := range []string{"admin", "clerk"} {
			res := srv.Client(t, user).Get(t, fmt.Sprintf("/petitions/%d", p.ID))
			if res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, p.CheckCode) {
				t.Errorf("%s: status %d", user, res.StatusCode)
			}
		}
	})
}
