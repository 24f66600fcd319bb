with

accounts as (

    select * from {{ ref('stg_accounts') }}

)

select
    account_id,
    account_name,
    institution,
    account_type,
    currency

from accounts
