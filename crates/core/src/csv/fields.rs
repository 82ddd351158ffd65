//! What a CSV import works with: the kind of record the rows become, what
//! happens to rows that match a record, and the fields a column can fill.
//! Only data here (the words for them are in `i18n`), so the texts can
//! name these without depending on the import.

use crate::model::Kind;

coded! {
    /// What a CSV file's rows become.
    pub enum Target {
        #[default]
        Contact = "contact",
        Organization = "organization",
        Lead = "lead",
        Product = "product",
    }
}

impl Target {
    /// The kind of record a row becomes.
    pub fn kind(self) -> Kind {
        match self {
            Target::Contact => Kind::Contact,
            Target::Organization => Kind::Organization,
            Target::Lead => Kind::Lead,
            Target::Product => Kind::Product,
        }
    }
}

coded! {
    /// What happens to rows that match an existing record, and to new ones.
    pub enum Mode {
        /// New rows are made, matching ones update their record.
        #[default]
        Both = "both",
        /// Only new rows are made; matching ones are skipped.
        Create = "create",
        /// Only matching records are updated; new rows are skipped.
        Update = "update",
    }
}

coded! {
    /// A field a column can fill. The code is what a saved mapping stores.
    pub enum Key {
        #[default]
        Title = "title",
        FirstName = "first_name",
        MiddleName = "middle_name",
        LastName = "last_name",
        FullName = "full_name",
        Name = "name",
        Position = "position",
        Organization = "organization",
        Company = "company",
        Email = "email",
        EmailLabel = "email_label",
        Phone = "phone",
        PhoneLabel = "phone_label",
        Mobile = "mobile",
        WorkPhone = "work_phone",
        HomePhone = "home_phone",
        Fax = "fax",
        OtherPhone = "other_phone",
        Role = "role",
        LinkedIn = "linkedin",
        Website = "website",
        Birthday = "birthday",
        Address = "address",
        CallTime = "preferred_call_time",
        Style = "communication_style",
        Ico = "ico",
        Dic = "dic",
        Industry = "industry",
        Street = "street",
        City = "city",
        PostalCode = "postal_code",
        Country = "country",
        Source = "source",
        Status = "status",
        Budget = "budget",
        Authority = "authority",
        Need = "need",
        Timeline = "timeline",
        EstimatedValue = "estimated_value",
        Currency = "currency",
        Code = "code",
        Unit = "unit",
        UnitPrice = "unit_price",
        VatRate = "vat_rate",
        WarrantyMonths = "warranty_months",
        Active = "active",
        Owner = "owner",
        Tags = "tags",
        Notes = "notes",
    }
}

impl Target {
    /// The fields of this kind a column can fill, in the order a header is
    /// tried against them (the first that matches wins).
    pub fn keys(self) -> &'static [Key] {
        use Key::*;
        match self {
            Target::Contact => &[
                Title,
                FirstName,
                MiddleName,
                LastName,
                FullName,
                Position,
                Organization,
                Email,
                EmailLabel,
                Phone,
                PhoneLabel,
                Mobile,
                WorkPhone,
                HomePhone,
                Fax,
                OtherPhone,
                Role,
                LinkedIn,
                Website,
                Birthday,
                Address,
                CallTime,
                Style,
                Owner,
                Tags,
                Notes,
            ],
            Target::Organization => {
                &[Name, Ico, Dic, Industry, Website, Email, Phone, Street, City, PostalCode, Country, Address, Owner, Tags, Notes]
            }
            Target::Lead => &[
                Title,
                FirstName,
                LastName,
                FullName,
                Company,
                Ico,
                Position,
                Email,
                Phone,
                Source,
                Status,
                Budget,
                Authority,
                Need,
                Timeline,
                EstimatedValue,
                Currency,
                Owner,
                Tags,
                Notes,
            ],
            Target::Product => &[Name, Code, Unit, UnitPrice, Currency, VatRate, WarrantyMonths, Active, Tags, Notes],
        }
    }
}
