{{ config(severity='warn') }}
-- The monthly marts add amounts without converting currencies: warn when the lake holds more than one.

select count(distinct currency) as currencies

from {{ ref('stg_transactions') }}
having count(distinct currency) > 1
