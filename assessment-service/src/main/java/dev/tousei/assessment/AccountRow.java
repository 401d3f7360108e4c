package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "account")
public class AccountRow {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "first_seen")
    public Instant firstSeen;
}
